package io.github.secretsspringboot.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.refresh.RefreshCause;
import io.github.secretsspringboot.refresh.RefreshResult;
import io.github.secretsspringboot.refresh.SecretsRefreshListener;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import io.github.secretsspringboot.test.rotation.PostgresSingleUserRotationFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A login rejected after a rotation finished, while the refresher answers the pool's
 * forced refresh with a check that read the secret before the rotation finished: one that
 * completed within the forced refresh spacing, or one that read it inside the rotation
 * window. Recovery logs in with the new AWSCURRENT, read directly, and the application
 * takes that version now, not at its next periodic check. Likewise once the AWSPENDING
 * version a pool logged in with inside the rotation window carries AWSCURRENT.
 */
@ExtendWith(OutputCaptureExtension.class)
class RejectedLoginForcedRefreshTests extends RotationTestSupport {

	private static final String FALLBACK_TO_CURRENT = "opened a connection with the AWSCURRENT version";

	@Test
	void newCurrentVersionIsTakenWhenTheForcedRefreshAnswersWithinItsSpacing(CapturedOutput output) throws Exception {
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource",
				"aws.secrets.refresh.interval=10m", "aws.secrets.refresh.max-backoff=10m",
				"aws.secrets.refresh.forced-refresh-min-spacing=10m");
		HikariDataSource hikari = hikari(context);
		SecretsRefresher refresher = context.getBean(SecretsRefresher.class);
		assertThat(query(hikari, "SELECT 1")).isEqualTo("1");
		try (QueryLoad load = QueryLoad.start(hikari, 8, "SELECT 1")) {
			await().atMost(WAIT).until(() -> hikari.getHikariPoolMXBean().getTotalConnections() == 4);
			// A forced refresh before the rotation: the pool's own gets its result for 10
			// minutes.
			RefreshResult before = refresher.refresh("rds/orders", RefreshCause.REQUEST).get(60, TimeUnit.SECONDS);
			assertThat(before.changed()).isFalse();
			assertThat(awaitRotationDone(rotate("rds/orders", new PostgresSingleUserRotationFunction())).isSucceeded())
				.isTrue();
			renewConnections(hikari, database, load);
			assertThat(output.getOut().contains(FALLBACK_TO_CURRENT)).as("recovery logged in with AWSCURRENT").isTrue();
			await().atMost(WAIT).until(() -> state(context).getCredentialSwaps() == 1);
			assertSameSecret(hikari.getPassword(), current("rds/orders").password(), "hikari.getPassword()");
			assertSameSecret(context.getEnvironment().getProperty("spring.datasource.password"),
					current("rds/orders").password(), "spring.datasource.password");
			load.close();
			assertThat(load.failures()).as("failed queries: %s", load.failureDescriptions()).isZero();
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	@Test
	void newCurrentVersionIsTakenWhenTheForcedRefreshReadTheSecretBeforeTheRotationFinished(CapturedOutput output)
			throws Exception {
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		ConfigurableApplicationContext context = run(HeldRefreshConfiguration.class, database,
				"aws-secret:rds/orders?format=datasource", "aws.secrets.refresh.interval=10m",
				"aws.secrets.refresh.max-backoff=10m", "aws.secrets.refresh.forced-refresh-min-spacing=10m");
		HikariDataSource hikari = hikari(context);
		HeldRefresh held = context.getBean(HeldRefresh.class);
		GatedRotation rotation = new GatedRotation(new PostgresSingleUserRotationFunction());
		assertThat(query(hikari, "SELECT 1")).isEqualTo("1");
		await().atMost(WAIT).until(() -> hikari.getHikariPoolMXBean().getTotalConnections() == 4);
		String token = rotate("rds/orders", rotation);
		awaitRotationWindow(token);
		// A login inside the rotation window: the pool's forced refresh reads the secret
		// while
		// AWSCURRENT is still the old version, and is held before it completes.
		held.arm();
		hikari.getHikariPoolMXBean().softEvictConnections();
		assertThat(held.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("forced refresh held").isTrue();
		rotation.finish();
		assertThat(awaitRotationDone(token).isSucceeded()).isTrue();
		held.release();
		// Its result says "unchanged"; recovery then reads the new AWSCURRENT and logs in
		// with it.
		await().atMost(WAIT).until(() -> output.getOut().contains(FALLBACK_TO_CURRENT));
		await().atMost(WAIT).until(() -> state(context).getCredentialSwaps() == 1);
		assertSameSecret(hikari.getPassword(), current("rds/orders").password(), "hikari.getPassword()");
		try (QueryLoad load = QueryLoad.start(hikari, 8, "SELECT 1")) {
			await().atMost(WAIT).until(() -> hikari.getHikariPoolMXBean().getTotalConnections() == 4);
			renewConnections(hikari, database, load);
			load.close();
			assertThat(load.failures()).as("failed queries: %s", load.failureDescriptions()).isZero();
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	@Test
	void pendingVersionIsTakenOnceTheRotationFinished(CapturedOutput output) {
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource",
				"aws.secrets.refresh.interval=10m", "aws.secrets.refresh.max-backoff=10m",
				"aws.secrets.refresh.forced-refresh-min-spacing=10m");
		HikariDataSource hikari = hikari(context);
		GatedRotation rotation = new GatedRotation(new PostgresSingleUserRotationFunction());
		assertThat(query(hikari, "SELECT 1")).isEqualTo("1");
		await().atMost(WAIT).until(() -> hikari.getHikariPoolMXBean().getTotalConnections() == 4);
		String token = rotate("rds/orders", rotation);
		awaitRotationWindow(token);
		// A login inside the rotation window: the forced refresh finds AWSCURRENT
		// unchanged and
		// the pool opens its connections with AWSPENDING.
		hikari.getHikariPoolMXBean().softEvictConnections();
		await().atMost(WAIT).until(() -> state(context).getPendingFallbacks() > 0);
		rotation.finish();
		assertThat(awaitRotationDone(token).isSucceeded()).isTrue();
		try (QueryLoad load = QueryLoad.start(hikari, 8, "SELECT 1")) {
			await().atMost(WAIT).until(() -> hikari.getHikariPoolMXBean().getTotalConnections() == 4);
			// The pool opens connections after the rotation finished, still with
			// AWSPENDING's
			// credentials; the refresher's next check is a quarter of the interval away.
			renewConnections(hikari, database, load);
			await().atMost(WAIT).until(() -> state(context).getCredentialSwaps() == 1);
			assertSameSecret(hikari.getPassword(), current("rds/orders").password(), "hikari.getPassword()");
			renewConnections(hikari, database, load);
			load.close();
			assertThat(load.failures()).as("failed queries: %s", load.failureDescriptions()).isZero();
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	/**
	 * Has the pool replace every connection and waits until queries ran on new ones only.
	 */
	private static void renewConnections(HikariDataSource hikari, Database database, QueryLoad load) {
		Instant evicted = Instant.now();
		hikari.getHikariPoolMXBean().softEvictConnections();
		await().atMost(WAIT).until(() -> backendsStartedBefore(database, evicted) == 0);
		long successes = load.successes();
		await().atMost(WAIT).until(() -> load.successes() > successes + 100);
	}

	/**
	 * Holds the next forced refresh, once armed, after its check read the secret and
	 * before its result completes, until the test releases it.
	 */
	static final class HeldRefresh implements SecretsRefreshListener {

		private static final Duration LONGEST_HOLD = Duration.ofMinutes(2);

		private final AtomicBoolean armed = new AtomicBoolean();

		private final CountDownLatch entered = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		void arm() {
			this.armed.set(true);
		}

		void release() {
			this.released.countDown();
		}

		@Override
		public void cycleCompleted(RefreshCause cause, List<RefreshResult> results, Duration duration) {
			if (cause == RefreshCause.SCHEDULE || !this.armed.compareAndSet(true, false)) {
				return;
			}
			this.entered.countDown();
			try {
				this.released.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(AppConfiguration.class)
	static class HeldRefreshConfiguration {

		@Bean
		HeldRefresh heldRefresh() {
			return new HeldRefresh();
		}

	}

}
