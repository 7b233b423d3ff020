package io.github.secretsspringboot.shapes;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.refresh.RefreshCause;
import io.github.secretsspringboot.refresh.RefreshResult;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import io.github.secretsspringboot.test.emulator.FaultKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database secret changes in a refresh whose other secret hangs: the pool takes the new
 * credentials as soon as its own secret's version is in force, and a forced refresh of it
 * never returns with the pool still on the old ones.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefreshWindowTests extends RefreshShapesSupport {

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
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).file("application.yml", """
				spring.config.import:
				  - aws-secret:shapes/window/db?format=datasource
				  - aws-secret:shapes/window/flags?version-stage=STABLE&prefix=flags
				spring.datasource.hikari.maximum-pool-size: 4
				aws.secrets.api-call-timeout: 20s
				aws.secrets.refresh:
				  mode: batch
				  interval: 1h
				  forced-refresh-min-spacing: 1ms
				""" + awsSecrets()).run()) {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			assertThat(failedQueriesOnNewConnections(dataSource)).isZero();
			// The flags, on a label of their own, are described: those requests hang.
			emulator.control().timeoutDelay(Duration.ofSeconds(60)).failRequests(FaultKind.TIMEOUT, 1.0, "DescribeSecret");
			String newPassword = "Rotated-" + database.password().hashCode();
			try (Connection admin = postgres.adminConnection()) {
				admin.unwrap(PGConnection.class).alterUserPassword(database.username(), newPassword.toCharArray(), null);
			}
			putSecretValue(dbSecret, postgres.rdsSecret(database.name(), database.username(), newPassword));
			SecretsRefresher refresher = context.getBean(SecretsRefresher.class);
			CompletableFuture<List<RefreshResult>> both = refresher.refreshAll(RefreshCause.REQUEST);
			await().atMost(WAIT)
				.until(() -> newPassword.equals(context.getEnvironment().getProperty("spring.datasource.password")));
			assertThat(both).as("refresh of both secrets, one of them hanging").isNotDone();

			RefreshResult dbRefreshed = forceRefresh(context, dbSecret);

			assertThat(dbRefreshed.failed()).isFalse();
			assertThat(generation(context)).as("pool generation when the refresh of its secret returns").isEqualTo(2);
			assertThat(failedQueriesOnNewConnections(dataSource)).isZero();
			emulator.control().clearFaults();
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	@SpringBootApplication
	static class App {

	}

}
