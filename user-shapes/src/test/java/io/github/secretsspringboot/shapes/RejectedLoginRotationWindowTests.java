package io.github.secretsspringboot.shapes;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.jdbc.SecretsDataSourceState;
import io.github.secretsspringboot.test.emulator.RotationStep;
import io.github.secretsspringboot.test.rotation.PostgresSingleUserRotationFunction;
import io.github.secretsspringboot.test.rotation.SecretRotations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application whose pool opens connections inside a single-user rotation's window,
 * with a periodic check ten minutes apart: its forced refresh reads the secret before
 * finishSecret, and the pool logs in with AWSPENDING. Once the rotation finished, the
 * pool takes the new version as soon as it opens connections, not at the refresher's next
 * check.
 */
@ExtendWith(OutputCaptureExtension.class)
class RejectedLoginRotationWindowTests extends PoolTestSupport {

	@Test
	void loginInsideTheRotationWindowThenTheNewVersionInForce(CapturedOutput output) throws Exception {
		Database database = newDatabaseWithSecret();
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).file("application.yml", """
				spring.config.import: aws-secret:%s?format=datasource
				spring.datasource.hikari:
				  maximum-pool-size: 4
				  minimum-idle: 4
				  connection-timeout: 10000
				aws.secrets:
				  endpoint: %s
				  region: %s
				  refresh:
				    interval: 10m
				    forced-refresh-min-spacing: 10m
				""".formatted(database.secretId(), emulator.endpoint(), emulator.region())).run()) {
			HikariDataSource hikari = context.getBean(HikariDataSource.class);
			SecretsDataSourceState state = context.getBean(SecretsDataSourceState.class);
			assertThat(query(hikari, "SELECT 1")).isEqualTo("1");
			await().atMost(WAIT).until(() -> hikari.getHikariPoolMXBean().getTotalConnections() == 4);
			PoolGatedRotation rotation = new PoolGatedRotation(new PostgresSingleUserRotationFunction());
			String token = SecretRotations.rotate(emulator, database.secretId(), rotation);
			try {
				await().atMost(WAIT)
					.until(() -> emulator.rotation(token).orElseThrow(),
							(outcome) -> outcome.completedSteps().contains(RotationStep.TEST_SECRET));
				// The database takes only the AWSPENDING password now: every new
				// connection needs it.
				hikari.getHikariPoolMXBean().softEvictConnections();
				assertThat(failedQueries(hikari, "SELECT 1", 4, 25)).isZero();
				assertThat(state.getPendingFallbacks()).isPositive();
			}
			finally {
				rotation.finish();
			}
			await().atMost(WAIT).until(() -> SecretRotations.isDone(emulator, token));
			String newPassword = currentSecret(database.secretId()).password();
			// New connections after finishSecret: the pool takes the version they log in
			// with.
			await().atMost(WAIT).until(() -> hikari.getHikariPoolMXBean().getTotalConnections() == 4);
			hikari.getHikariPoolMXBean().softEvictConnections();
			assertThat(failedQueries(hikari, "SELECT 1", 4, 25)).isZero();
			assertThat(failedQueriesWithNewConnections(hikari, newPassword)).isZero();
			assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
