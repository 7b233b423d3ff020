package io.github.secretsspringboot.shapes;

import java.sql.Connection;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.refresh.RefreshResult;
import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
import io.github.secretsspringboot.test.emulator.FaultKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A database secret changes in a refresh whose other secret hangs: the pool takes the new
 * credentials as soon as its own secret's version is in force, and a forced refresh of it
 * never returns with the pool still on the old ones.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefreshWindowTests extends PoolTestSupport {

	@Test
	void poolFollowsItsSecretWhileAnotherSecretOfTheRefreshHangs(CapturedOutput output) throws Exception {
		Database database = newDatabase();
		String dbSecret = "shapes/window/db";
		String flagsSecret = "shapes/window/flags";
		createSecret(dbSecret, database.rdsSecret());
		createSecret(flagsSecret, "{\"dark-mode\":\"off\"}");
		emulator.client()
			.putSecretValue((request) -> request.secretId(flagsSecret)
				.secretString("{\"dark-mode\":\"on\"}")
				.versionStages("STABLE"));
		// The flags, on a label of their own, are described: those requests hang. Loading
		// at
		// the start reads values only.
		emulator.control().timeoutDelay(Duration.ofSeconds(60)).failRequests(FaultKind.TIMEOUT, 1.0, "DescribeSecret");
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).file("application.yml", """
				spring.config.import:
				  - aws-secret:shapes/window/db?format=datasource
				  - aws-secret:shapes/window/flags?version-stage=STABLE&prefix=flags
				spring.datasource.hikari.maximum-pool-size: 4
				aws.secrets.api-call-timeout: 20s
				aws.secrets.refresh:
				  mode: batch
				  interval: 10s
				  jitter: 0
				  forced-refresh-min-spacing: 1ms
				""" + awsSecrets()).run()) {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			String newPassword = "Rotated-" + database.password().hashCode();
			try (Connection admin = postgres.adminConnection()) {
				admin.unwrap(PGConnection.class)
					.alterUserPassword(database.username(), newPassword.toCharArray(), null);
			}
			putSecretValue(dbSecret, postgres.rdsSecret(database.name(), database.username(), newPassword));
			// The first periodic refresh checks both secrets; the flags' check hangs.
			await().atMost(WAIT)
				.until(() -> newPassword.equals(context.getEnvironment().getProperty("spring.datasource.password")));
			assumeTrue(context.getBean(SecretRefreshRegistry.class).getCycles() == 0,
					"the refresh that brought the new version is the one held up by the other secret");

			RefreshResult dbRefreshed = forceRefresh(context, dbSecret);

			assertThat(dbRefreshed.failed()).isFalse();
			assertThat(generation(context)).as("pool generation when the refresh of its secret returns").isEqualTo(2);
			assertThat(failedQueriesOnNewConnections(dataSource)).isZero();
			emulator.control().clearFaults();
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
