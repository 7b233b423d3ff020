package io.github.secretsspringboot.jdbc;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A data source property that cannot be set fails the pool's first connection without
 * showing its value, as it may be a password.
 */
@ExtendWith(OutputCaptureExtension.class)
class DataSourcePropertyCanaryTests extends RotationTestSupport {

	@Test
	void dataSourcePropertyThatCannotBeSetIsNamedButNotShown(CapturedOutput output) {
		String canary = "canary-" + UUID.randomUUID();
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource",
				"spring.datasource.hikari.data-source-class-name=org.postgresql.ds.PGSimpleDataSource",
				"spring.datasource.hikari.data-source-properties[portNumber]=" + canary);
		assertThat(state(context).getDataSources()).singleElement()
			.satisfies((pool) -> assertThat(pool.connectionCreationWrapped()).isTrue());
		HikariDataSource hikari = hikari(context);
		Throwable failure = catchThrowable(() -> {
			try (Connection connection = hikari.getConnection()) {
				// Not reached.
			}
		});
		assertThat(failure).isNotNull();
		String trace = stackTrace(failure);
		// Checked first, so that no failure message of this test shows it.
		assertThat(trace.contains(canary)).as("the failure shows the property's value").isFalse();
		assertThat(output.getAll().contains(canary)).as("the log shows the property's value").isFalse();
		assertThat(trace).contains("portNumber").contains("org.postgresql.ds.PGSimpleDataSource");
	}

	private static String stackTrace(Throwable failure) {
		StringWriter text = new StringWriter();
		failure.printStackTrace(new PrintWriter(text));
		return text.toString();
	}

}
