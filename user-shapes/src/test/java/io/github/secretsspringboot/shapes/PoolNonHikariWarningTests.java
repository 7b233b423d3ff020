package io.github.secretsspringboot.shapes;

import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool other than HikariCP ({@code spring.datasource.type}) configured from a secret's
 * properties: it cannot follow the secret's rotations, and the application is told so
 * once at startup, with what to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class PoolNonHikariWarningTests extends PoolTestSupport {

	@ParameterizedTest
	@ValueSource(strings = { "org.apache.tomcat.jdbc.pool.DataSource", "org.apache.commons.dbcp2.BasicDataSource",
			"oracle.ucp.jdbc.PoolDataSourceImpl" })
	void poolThatCannotFollowTheSecretIsWarnedAboutOnce(String type, CapturedOutput output) {
		Database database = newDatabaseWithSecret();
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).file("application.yml", """
				spring.config.import: aws-secret:%s?prefix=db
				spring.datasource:
				  type: %s
				  url: %s
				  username: ${db.username}
				  password: ${db.password}
				""".formatted(database.secretId(), type, database.jdbcUrl()) + pooledAwsSecrets()).run()) {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource.getClass().getName()).isEqualTo(type);
			assertThat(query(dataSource, "SELECT current_user")).isEqualTo(database.username());
			String warning = "DataSource 'dataSource' (" + type + ") is configured with credentials from secret '"
					+ database.secretId() + "', but only HikariCP pools follow a secret's rotations";
			assertThat(output.getOut().contains(warning)).as("warning naming the bean and the secret").isTrue();
			assertThat(output.getOut().contains("Use HikariCP") && output.getOut().contains("@RefreshScope"))
				.as("warning saying what to do")
				.isTrue();
			assertThat(output.getOut().split(Pattern.quote(warning), -1).length - 1).as("warnings").isEqualTo(1);
			assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
