package io.github.secretsspringboot.shapes;

import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

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
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pool that follows an {@code optional:} secret
 * ({@code aws.secrets.datasource.<bean>.secret}) which does not exist yet when the
 * application starts, as when the database is provisioned after the service: the
 * application starts, and once the secret is created the pool opens its connections with
 * the secret's credentials, without a restart.
 */
@ExtendWith(OutputCaptureExtension.class)
class TrackingOptionalDataSourceTests extends PoolTestSupport {

	@Test
	void poolTakesTheCredentialsOfASecretCreatedAfterStartup(CapturedOutput output) throws Exception {
		String password = "pw-" + CANARY;
		postgres.createDatabaseWithOwner("orders", "orders_app", password);
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).file("application.yml", """
				spring.config.import: optional:aws-secret:prod/orders/db
				spring.datasource:
				  url: %s
				  hikari.maximum-pool-size: 4
				aws.secrets:
				  endpoint: %s
				  region: %s
				  datasource.dataSource.secret: prod/orders/db
				  refresh:
				    interval: 200ms
				    max-backoff: 400ms
				""".formatted(postgres.jdbcUrl("orders"), emulator.endpoint(), emulator.region())).run()) {
			emulator.client()
				.createSecret((secret) -> secret.name("prod/orders/db")
					.secretString(postgres.rdsSecret("orders", "orders_app", password)));
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			// Until the secret is loaded the pool has no credentials and its logins fail.
			await().atMost(WAIT)
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(jdbc.queryForObject("select current_user", String.class))
					.isEqualTo("orders_app"));
			// New connections keep the secret's credentials: every query of the pool
			// succeeds
			// while it replaces all of its connections.
			HikariDataSource hikari = context.getBean(DataSource.class).unwrap(HikariDataSource.class);
			AtomicInteger failed = new AtomicInteger();
			for (int i = 0; i < 20; i++) {
				hikari.getHikariPoolMXBean().softEvictConnections();
				try {
					jdbc.queryForObject("select 1", Integer.class);
				}
				catch (RuntimeException ex) {
					failed.incrementAndGet();
				}
			}
			assertThat(failed).hasValue(0);
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	@Test
	void firstVersionWithoutAPasswordIsRejectedUntilACompleteOneIsStored(CapturedOutput output) throws Exception {
		String password = "pw2-" + CANARY;
		postgres.createDatabaseWithOwner("invoices", "invoices_app", password);
		String secretId = "prod/invoices/db";
		try (ConfigurableApplicationContext context = UserApplication.of(App.class)
			.file("application.yml",
					"""
							spring.config.import: optional:aws-secret:%s
							spring.datasource:
							  url: %s
							  hikari.maximum-pool-size: 4
							aws.secrets:
							  endpoint: %s
							  region: %s
							  datasource.dataSource.secret: %s
							  refresh:
							    interval: 1h
							    # Each refresh of the test reads the secret anew.
							    forced-refresh-min-spacing: 0s
							""".formatted(secretId, postgres.jdbcUrl("invoices"), emulator.endpoint(),
							emulator.region(), secretId))
			.run()) {
			// Created by hand, its password not yet filled in.
			createSecret(secretId, "{\"username\":\"invoices_app\"}");
			RefreshResult incomplete = forceRefresh(context, secretId);
			assertThat(incomplete.error()).isEqualTo(SecretErrorKind.INVALID_CONTENT);
			SecretRefreshState state = context.getBean(SecretRefreshRegistry.class).getStates(secretId).get(0);
			assertThat(state.versionId()).as("version in force").isNull();
			putSecretValue(secretId, postgres.rdsSecret("invoices", "invoices_app", password));
			assertThat(forceRefresh(context, secretId).error()).isNull();
			HikariDataSource hikari = context.getBean(DataSource.class).unwrap(HikariDataSource.class);
			assertThat(failedQueriesOnNewConnections(hikari)).isZero();
			assertThat(new JdbcTemplate(hikari).queryForObject("select current_user", String.class))
				.isEqualTo("invoices_app");
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
