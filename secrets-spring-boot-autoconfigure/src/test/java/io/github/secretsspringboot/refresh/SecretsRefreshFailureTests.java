package io.github.secretsspringboot.refresh;

import java.time.Duration;

import io.github.secretsspringboot.core.SecretErrorKind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A secret that cannot be refreshed keeps its last good values, backs off and recovers.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsRefreshFailureTests extends RefreshTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@Test
	void invalidJsonForAKeyImportKeepsTheOldValueUntilAValidVersion() {
		String first = createSecret("prod/app/stripe", "{\"api_key\": \"key-1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/stripe?key=api_key&as=stripe.key")) {
			putValue("prod/app/stripe", "{\"api_key\": key-2");
			await().atMost(WAIT)
				.until(() -> state(context, "prod/app/stripe").lastError() == SecretErrorKind.INVALID_CONTENT);
			long reads = requests("GetSecretValue");
			await().atMost(WAIT).until(() -> state(context, "prod/app/stripe").consecutiveFailures() >= 3);
			// Versions never change: the bad one is not read again while it stays staged.
			assertThat(requests("GetSecretValue")).isEqualTo(reads);
			assertThat(context.getEnvironment().getProperty("stripe.key")).isEqualTo("key-1");
			assertThat(state(context, "prod/app/stripe").versionId()).isEqualTo(first);
			String fixed = putValue("prod/app/stripe", "{\"api_key\": \"key-3\"}");
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(context.getEnvironment().getProperty("stripe.key")).isEqualTo("key-3"));
			SecretRefreshState state = state(context, "prod/app/stripe");
			assertThat(state.versionId()).isEqualTo(fixed);
			assertThat(state.consecutiveFailures()).isZero();
			assertThat(state.failures()).isGreaterThanOrEqualTo(3);
			assertThat(state.lastError()).isEqualTo(SecretErrorKind.INVALID_CONTENT);
		}
	}

	@Test
	void datasourceSecretMissingKeysKeepsTheOldDataSourceProperties() {
		createSecret("prod/app/db", """
				{"engine": "postgres", "host": "db1", "port": 5432, "dbname": "app", "username": "app",
				 "password": "p1"}""");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db?format=datasource")) {
			ConfigurableEnvironment environment = context.getEnvironment();
			String url = environment.getProperty("spring.datasource.url");
			putValue("prod/app/db", "{\"engine\": \"postgres\", \"username\": \"app\", \"password\": \"p2\"}");
			await().atMost(WAIT)
				.until(() -> state(context, "prod/app/db").lastError() == SecretErrorKind.INVALID_CONTENT);
			assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(url);
			assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("p1");
		}
	}

	@Test
	void secretScheduledForDeletionKeepsItsValuesUntilRestored() {
		createSecret("prod/app/db", "{\"password\": \"p1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db")) {
			secrets().deleteSecret((request) -> request.secretId("prod/app/db").recoveryWindowInDays(7L));
			await().atMost(WAIT)
				.until(() -> state(context, "prod/app/db").lastError() == SecretErrorKind.SCHEDULED_FOR_DELETION);
			assertThat(state(context, "prod/app/db").description().deletedDate()).isNotNull();
			assertThat(context.getEnvironment().getProperty("password")).isEqualTo("p1");
			secrets().restoreSecret((request) -> request.secretId("prod/app/db"));
			putValue("prod/app/db", "{\"password\": \"p2\"}");
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(context.getEnvironment().getProperty("password")).isEqualTo("p2"));
			assertThat(state(context, "prod/app/db").consecutiveFailures()).isZero();
		}
	}

	@Test
	void deniedAccessKeepsTheValuesAndIsCounted() {
		createSecret("prod/app/db", "{\"password\": \"p1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db")) {
			emulator.control().denyAccess("prod/app/db");
			await().atMost(WAIT).until(() -> state(context, "prod/app/db").consecutiveFailures() >= 2);
			SecretRefreshState denied = state(context, "prod/app/db");
			assertThat(denied.lastError()).isEqualTo(SecretErrorKind.ACCESS_DENIED);
			assertThat(denied.isFailing()).isTrue();
			assertThat(denied.lastFailure()).isNotNull();
			assertThat(context.getEnvironment().getProperty("password")).isEqualTo("p1");
			emulator.control().allowAccess("prod/app/db");
			putValue("prod/app/db", "{\"password\": \"p2\"}");
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(context.getEnvironment().getProperty("password")).isEqualTo("p2"));
			assertThat(state(context, "prod/app/db").failures()).isGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void outageKeepsTheValuesAndRefreshResumesAfterIt() {
		createSecret("prod/app/db", "{\"password\": \"p1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db")) {
			emulator.control().outage();
			await().atMost(WAIT).until(() -> state(context, "prod/app/db").lastError() == SecretErrorKind.UNAVAILABLE);
			assertThat(context.getEnvironment().getProperty("password")).isEqualTo("p1");
			emulator.control().endOutage();
			putValue("prod/app/db", "{\"password\": \"p2\"}");
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(context.getEnvironment().getProperty("password")).isEqualTo("p2"));
			assertThat(state(context, "prod/app/db").isFailing()).isFalse();
		}
	}

	@Test
	void failingSecretBacksOffWithoutSlowingTheOthers() {
		createSecret("prod/app/healthy", "{\"healthy\": \"1\"}");
		createSecret("prod/app/broken", "{\"broken\": \"1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/healthy;prod/app/broken",
				"aws.secrets.refresh.max-backoff=3s")) {
			emulator.control().denyAccess("prod/app/broken");
			long healthyChecks = state(context, "prod/app/healthy").checks();
			// 15 intervals: without backoff the broken secret would fail 15 times, with
			// it
			// about 4 (after waits of 1, 2, 4 and 8 intervals).
			await().atMost(Duration.ofSeconds(10))
				.until(() -> state(context, "prod/app/healthy").checks() >= healthyChecks + 15);
			SecretRefreshState broken = state(context, "prod/app/broken");
			assertThat(broken.consecutiveFailures()).isBetween(3, 6);
			assertThat(Duration.between(broken.lastFailure(), broken.nextCheck()))
				.isGreaterThanOrEqualTo(INTERVAL.multipliedBy(4));
			SecretRefreshState healthy = state(context, "prod/app/healthy");
			assertThat(healthy.isFailing()).isFalse();
			assertThat(healthy.failures()).isZero();
		}
	}

	@Test
	void failureIsLoggedAtWarnOncePerBackoffStep(CapturedOutput output) {
		createSecret("prod/app/db", "{\"password\": \"p1\"}");
		// Waits of 200 and 400 ms: two steps, then 400 ms for good.
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db",
				"aws.secrets.refresh.max-backoff=400ms")) {
			emulator.control().denyAccess("prod/app/db");
			await().atMost(WAIT).until(() -> state(context, "prod/app/db").consecutiveFailures() >= 6);
			assertThat(output.toString()
				.lines()
				.filter((line) -> line.contains(" WARN ") && line.contains("Could not refresh secret 'prod/app/db'")))
				.hasSize(2)
				.allSatisfy((line) -> assertThat(line).contains("ACCESS_DENIED"));
			emulator.control().allowAccess("prod/app/db");
			await().atMost(WAIT).until(() -> !state(context, "prod/app/db").isFailing());
			assertThat(output.toString()).contains("Secret 'prod/app/db' is refreshed again after");
		}
	}

}
