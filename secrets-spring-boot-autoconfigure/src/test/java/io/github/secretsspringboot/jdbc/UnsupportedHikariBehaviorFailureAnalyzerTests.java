package io.github.secretsspringboot.jdbc;

import java.util.List;
import java.util.Objects;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * How a HikariCP that rotation cannot rely on is reported at startup.
 */
class UnsupportedHikariBehaviorFailureAnalyzerTests {

	@Test
	void namesTheVersionFoundAndWhatToDo() {
		FailureAnalysis analysis = analyze(new BeanCreationException("dataSource", "Initialization of bean failed",
				new UnsupportedHikariBehaviorException("9.9.9", "the pool opened connections at the same time")));
		assertThat(analysis.getDescription()).contains("HikariCP 9.9.9")
			.contains("the pool opened connections at the same time");
		assertThat(analysis.getAction()).contains("HikariCP 7.0.x")
			.contains("upgrade secrets-spring-boot")
			.contains("aws.secrets.hikari.enabled=false");
	}

	@Test
	void simulatedBrokenAssumptionIsAnalyzed() {
		RuntimeException failure = new BeanCreationException("dataSource", "Initialization of bean failed",
				catchThrowableOfType(UnsupportedHikariBehaviorException.class,
						() -> new HikariThreadingCheck(HikariDataSource::new).check()));
		FailureAnalysis analysis = analyze(failure);
		assertThat(analysis.getDescription()).contains("HikariCP " + HikariThreadingCheck.hikariVersion())
			.contains("the first connection was not opened by the thread starting the pool");
	}

	/** Through the analyzers registered in spring.factories. */
	private static FailureAnalysis analyze(Throwable failure) {
		// Analyzers that need a bean factory are left out.
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, (factoryType, factoryImplementationName, cause) -> {
			});
		assertThat(analyzers).hasAtLeastOneElementOfType(UnsupportedHikariBehaviorFailureAnalyzer.class);
		return analyzers.stream()
			.filter(UnsupportedHikariBehaviorFailureAnalyzer.class::isInstance)
			.map((analyzer) -> analyzer.analyze(failure))
			.filter(Objects::nonNull)
			.findFirst()
			.orElseThrow();
	}

}
