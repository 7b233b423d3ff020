package io.github.secretsspringboot.shapes;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.refresh.RefreshResult;
import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
import io.github.secretsspringboot.refresh.SecretRefreshState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new version of a database secret that lacks the username or password the pool takes
 * from it: rejected as invalid content, nothing of it applied, the pool on its last
 * complete credentials.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefreshIncompleteCredentialsTests extends PoolTestSupport {

	@Test
	void prefixImportWhoseNewVersionDropsThePasswordKeepsThePoolOnItsCredentials(CapturedOutput output)
			throws Exception {
		Database database = newDatabase();
		String secretId = "shapes/orders/db";
		createSecret(secretId,
				"{\"username\":\"" + database.username() + "\",\"password\":\"" + database.password() + "\"}");
		try (ConfigurableApplicationContext context = UserApplication.of(OrdersApp.class).file("application.yml", """
				spring.config.import: aws-secret:shapes/orders/db?prefix=spring.datasource
				spring.datasource.url: %s
				aws.secrets.refresh.interval: 1h
				""".formatted(database.jdbcUrl()) + awsSecrets()).run()) {
			String dropped = putSecretValue(secretId, "{\"username\":\"" + database.username() + "\"}");
			RefreshResult result = forceRefresh(context, secretId);
			assertThat(result.error()).isEqualTo(SecretErrorKind.INVALID_CONTENT);
			assertThat(database.password().equals(context.getEnvironment().getProperty("spring.datasource.password")))
				.as("the import keeps its password")
				.isTrue();
			SecretRefreshState state = context.getBean(SecretRefreshRegistry.class).getStates(secretId).get(0);
			assertThat(state.versionId()).isNotEqualTo(dropped);
			assertThat(state.lastError()).isEqualTo(SecretErrorKind.INVALID_CONTENT);
			assertThat(generation(context)).isEqualTo(1);
			assertThat(failedQueriesOnNewConnections(context.getBean(HikariDataSource.class))).isZero();
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
		assertThat(output.getAll()).contains("it lacks spring.datasource.password");
	}

	@Test
	void mappedSecretWhoseNewVersionLacksTheUsernameNeverSwapsToANullUser(CapturedOutput output) throws Exception {
		Database database = newDatabase();
		String secretId = "shapes/reports/db";
		createSecret(secretId, database.rdsSecret());
		try (ConfigurableApplicationContext context = UserApplication.of(ReportsApp.class).file("application.yml", """
				spring.config.import: aws-secret:shapes/reports/db?prefix=reports
				reports.jdbc-url: %s
				aws.secrets.datasource.reportsDataSource.secret: shapes/reports/db
				aws.secrets.refresh.interval: 1h
				""".formatted(database.jdbcUrl()) + awsSecrets()).run()) {
			HikariDataSource dataSource = context.getBean("reportsDataSource", HikariDataSource.class);
			assertThat(failedQueriesOnNewConnections(dataSource)).isZero();
			// Same password, no username: swapped to, the pool would log in as nobody.
			putSecretValue(secretId, "{\"password\":\"" + database.password() + "\"}");
			RefreshResult result = forceRefresh(context, secretId);
			assertThat(result.error()).isEqualTo(SecretErrorKind.INVALID_CONTENT);
			assertThat(generation(context)).isEqualTo(1);
			assertThat(dataSource.getUsername()).isEqualTo(database.username());
			assertThat(failedQueriesOnNewConnections(dataSource)).isZero();
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class OrdersApp {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ReportsApp {

		/** A DataSource built by hand, its credentials mapped to the secret. */
		@Bean
		HikariDataSource reportsDataSource(org.springframework.core.env.Environment environment) {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl(environment.getProperty("reports.jdbc-url"));
			dataSource.setUsername("not-the-user");
			dataSource.setPassword("not-the-password");
			dataSource.setMaximumPoolSize(4);
			return dataSource;
		}

	}

}
