package io.github.secretsspringboot.jdbc;

import java.time.Instant;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.test.emulator.PendingLabelAfterFinish;
import io.github.secretsspringboot.test.rotation.PostgresSingleUserRotationFunction;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A login rejected after a single-user rotation finished, while the secrets refresher
 * still answers with the result of an earlier forced refresh (two rotations within the
 * forced refresh spacing) and AWSPENDING is wherever the rotation left it: on the new
 * current version, or on no version at all. Recovery finds the new AWSCURRENT either way.
 */
@ExtendWith(OutputCaptureExtension.class)
class AwsPendingLabelRecoveryTests extends RotationTestSupport {

	@ParameterizedTest
	@EnumSource(PendingLabelAfterFinish.class)
	void loginRejectedAfterASecondRotationFindsTheNewCurrentVersion(PendingLabelAfterFinish pendingLabel,
			CapturedOutput output) {
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		// The periodic check never comes: only forced refreshes, one per 10 minutes, tell
		// the pool of a change.
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource",
				"aws.secrets.refresh.interval=10m", "aws.secrets.refresh.max-backoff=10m",
				"aws.secrets.refresh.forced-refresh-min-spacing=10m");
		HikariDataSource hikari = hikari(context);
		SecretsDataSourceState state = state(context);
		PostgresSingleUserRotationFunction rotation = new PostgresSingleUserRotationFunction();
		try (QueryLoad load = QueryLoad.start(hikari, 8, "SELECT 1")) {
			await().atMost(WAIT).until(() -> load.successes() > 100);
			// The pool is full before the first rotation: a login inside its window would
			// spend
			// the only forced refresh before the new version is AWSCURRENT.
			await().atMost(WAIT).until(() -> hikari.getHikariPoolMXBean().getTotalConnections() == 4);
			// First rotation: the rejected logins force a refresh, which puts it in
			// force.
			assertThat(awaitRotationDone(rotate("rds/orders", rotation.withPendingLabelAfterFinish(pendingLabel)))
				.isSucceeded()).isTrue();
			hikari.getHikariPoolMXBean().softEvictConnections();
			awaitFirstSwap(context, database, "rds/orders");
			// The pool is full again before the next rotation starts: no login inside its
			// window.
			await().atMost(WAIT).until(() -> hikari.getHikariPoolMXBean().getTotalConnections() == 4);
			// Second rotation, within the forced refresh spacing: the refresher answers
			// with
			// the first one's result, and AWSPENDING is on the new version or on none.
			String second = rotate("rds/orders", rotation.withPendingLabelAfterFinish(pendingLabel));
			assertThat(awaitRotationDone(second).isSucceeded()).isTrue();
			assertThat(secrets().describeSecret((request) -> request.secretId("rds/orders"))
				.versionIdsToStages()
				.get(second)).hasSize((pendingLabel == PendingLabelAfterFinish.KEPT) ? 2 : 1);
			String newest = current("rds/orders").password();
			assertThat(logsIn(database, database.username(), hikari.getPassword())).isFalse();
			// Every pooled connection is replaced, with credentials the database now
			// rejects.
			await().atMost(WAIT).until(() -> hikari.getHikariPoolMXBean().getTotalConnections() == 4);
			Instant evicted = Instant.now();
			hikari.getHikariPoolMXBean().softEvictConnections();
			long before = load.successes();
			await().atMost(WAIT).until(() -> load.successes() > before + 200);
			await().atMost(WAIT).until(() -> backendsStartedBefore(database, evicted) == 0);
			load.close();
			assertThat(load.failures()).as("failed queries: %s", load.failureDescriptions()).isZero();
			assertThat(logsIn(database, database.username(), newest)).isTrue();
			assertSameSecret(current("rds/orders").password(), newest, "AWSCURRENT password");
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

}
