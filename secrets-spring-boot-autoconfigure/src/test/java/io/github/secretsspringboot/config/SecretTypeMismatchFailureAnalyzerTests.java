package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretImport;
import io.github.secretsspringboot.core.SecretPropertyMapper;
import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.core.SecretValue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static io.github.secretsspringboot.Withheld.assertWithheld;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link SecretTypeMismatchFailureAnalyzer}: a secret's value that a bean
 * cannot take is told by bean, property, type and secret, never by value.
 */
class SecretTypeMismatchFailureAnalyzerTests {

	private static final String CANARY = "canary-b7c5d3-mismatch";

	@Test
	void theAnalysisNamesTheBeanThePropertyTheTypeAndTheSecret() {
		Throwable failure;
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			SecretImport secretImport = SecretImport.parse("aws-secret:prod/db?prefix=db", false).get(0);
			SecretValue value = new SecretValue("prod/db", "arn:prod/db", "v1", List.of("AWSCURRENT"), Instant.EPOCH,
					"{\"port\": \"" + CANARY + "\"}", null);
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new SecretPropertySource(secretImport, value, SecretPropertyMapper.map(secretImport, value)));
			new SecretTypeConverter.Installer().initialize(context);
			context.registerBean("portHolder", PortHolder.class);
			failure = catchThrowable(context::refresh);
		}
		FailureAnalysis analysis = new SecretTypeMismatchFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("Failed to convert a value for bean 'portHolder' to int:")
			.contains("Property: db.port")
			.contains("Value: (withheld: it comes from secret 'prod/db')");
		assertThat(analysis.getAction()).isEqualTo(
				"Update secret 'prod/db' so that the value of 'db.port' can be converted to int, or inject it as another type.");
		assertWithheld(CANARY, "The description", analysis.getDescription());
		StringWriter trace = new StringWriter();
		analysis.getCause().printStackTrace(new PrintWriter(trace));
		assertWithheld(CANARY, "The cause", trace);
	}

	static class PortHolder {

		PortHolder(@Value("${db.port}") int port) {
		}

	}

}
