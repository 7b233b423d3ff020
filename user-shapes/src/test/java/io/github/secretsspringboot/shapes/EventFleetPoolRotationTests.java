package io.github.secretsspringboot.shapes;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.events.SecretEventSource;
import io.github.secretsspringboot.jdbc.SecretsDataSourceState;
import io.github.secretsspringboot.test.assertions.SecretAssertions;
import io.github.secretsspringboot.test.emulator.RotationStep;
import io.github.secretsspringboot.test.rotation.PostgresSingleUserRotationFunction;
import io.github.secretsspringboot.test.rotation.SecretRotations;
import io.github.secretsspringboot.test.sqs.EmbeddedSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet of three applications, each with a HikariCP pool whose credentials come from
 * one database secret, under continuous query load, with the periodic check once an hour.
 * A single-user rotation changes the user's password in place: once it finished, the old
 * password logs in nowhere. Every instance's pool takes the new password through its own
 * copy of the event, before any login was rejected, and no query fails: not while the
 * rotation runs, nor on the connections every pool opens after it.
 * <p>
 * The pools are full and keep their connections (a connection outlives the password it
 * logged in with), so no instance logs in between the rotation and the event: a pool on
 * the new password got it from the event, since the periodic check is an hour away. Then
 * every pool replaces all its connections under the load, with the password it holds.
 */
class EventFleetPoolRotationTests extends PoolTestSupport {

	static final int POOL_SIZE = 2;

	static EmbeddedSqs sqs;

	private final List<ConfigurableApplicationContext> fleet = new ArrayList<>();

	@BeforeAll
	static void startSqs() {
		sqs = EmbeddedSqs.start();
		emulator.topics().sqsEndpoint(sqs.endpoint());
	}

	@AfterAll
	static void stopSqs() {
		sqs.close();
	}

	@BeforeEach
	void clearTargets() {
		emulator.events().clearTargets();
	}

	@AfterEach
	void closeFleet() {
		this.fleet.forEach(ConfigurableApplicationContext::close);
		this.fleet.clear();
	}

	@Test
	void singleUserRotationReachesEveryPoolThroughItsOwnQueue() {
		Database database = newDatabaseWithSecret();
		for (int i = 0; i < 3; i++) {
			String queueUrl = sqs.createQueue("pool-fleet-" + i + "-" + UUID.randomUUID());
			emulator.events().toQueue(queueUrl);
			this.fleet.add(instance(database, "queue-url: " + queueUrl));
		}
		rotateUnderLoad(database);
	}

	@Test
	void singleUserRotationReachesEveryPoolThroughTheTopic() {
		Database database = newDatabaseWithSecret();
		String topicArn = emulator.topics().create("pool-fleet-" + UUID.randomUUID());
		emulator.events().toTopic(topicArn);
		String prefix = "pool-fleet-" + UUID.randomUUID().toString().substring(0, 8) + "-";
		for (int i = 0; i < 3; i++) {
			this.fleet.add(instance(database, "topic-arn: " + topicArn + "\n    queue-name-prefix: " + prefix
					+ "\n    sns-endpoint: " + emulator.endpoint()));
		}
		await().atMost(WAIT).until(() -> emulator.topics().subscriptions(topicArn).size() == 3);
		rotateUnderLoad(database);
	}

	/**
	 * Pools that log in all along: inside the window (AWSPENDING only), and between
	 * finishSecret and the event, where a rejected login and the event race to put the
	 * new version in force. No query fails. Without events the pools recover through
	 * their rejected logins alone, so this one shows that the two paths together lose
	 * nothing; the tests above show that the event alone brings the new password.
	 */
	@Test
	void newLoginsThroughoutTheRotationWindowAndAfter() {
		Database database = newDatabaseWithSecret();
		for (int i = 0; i < 3; i++) {
			String queueUrl = sqs.createQueue("pool-fleet-churn-" + i + "-" + UUID.randomUUID());
			emulator.events().toQueue(queueUrl);
			this.fleet.add(instance(database, "queue-url: " + queueUrl));
		}
		List<HikariDataSource> pools = warmPools();
		// Every pool replaces all its connections every few queries: it logs in all
		// along, inside the rotation's window and between finishSecret and the event.
		List<Load> loads = pools.stream().map((pool) -> new Load(pool, 10)).toList();
		try {
			await().atMost(WAIT).until(() -> loads.stream().allMatch((load) -> load.succeeded() >= 20));
			PoolGatedRotation rotation = new PoolGatedRotation(new PostgresSingleUserRotationFunction());
			String token = SecretRotations.rotate(emulator, database.secretId(), rotation);
			try {
				await().atMost(WAIT)
					.until(() -> emulator.rotation(token).orElseThrow(),
							(outcome) -> outcome.completedSteps().contains(RotationStep.TEST_SECRET));
				// The database takes only the AWSPENDING password now.
				awaitQueriesOnConnectionsOpenedAfter(System.currentTimeMillis(), loads);
			}
			finally {
				rotation.finish();
			}
			await().atMost(WAIT).until(() -> SecretRotations.isDone(emulator, token));
			long rotatedAt = System.currentTimeMillis();
			String newPassword = currentSecret(database.secretId()).password();
			await().atMost(WAIT).until(() -> pools.stream().allMatch((pool) -> newPassword.equals(pool.getPassword())));
			awaitQueriesOnConnectionsOpenedAfter(rotatedAt, loads);
		}
		finally {
			loads.forEach(Load::close);
		}
		for (int i = 0; i < loads.size(); i++) {
			assertThat(loads.get(i).failed()).as("failed queries on instance %d", i).isZero();
			assertThat(loads.get(i).succeededOnNewConnections())
				.as("queries on instance %d on connections opened after the rotation", i)
				.isGreaterThanOrEqualTo(20);
			assertThat(this.fleet.get(i).getBean(SecretsDataSourceState.class).getPendingFallbacks())
				.as("logins of instance %d with AWSPENDING inside the window", i)
				.isPositive();
		}
	}

	private List<HikariDataSource> warmPools() {
		List<HikariDataSource> pools = this.fleet.stream()
			.map((context) -> context.getBean(HikariDataSource.class))
			.toList();
		for (HikariDataSource pool : pools) {
			assertThat(query(pool, "SELECT 1")).isEqualTo("1");
			await().atMost(WAIT).until(() -> pool.getHikariPoolMXBean().getTotalConnections() == POOL_SIZE);
		}
		return pools;
	}

	private static void awaitQueriesOnConnectionsOpenedAfter(long epochMillis, List<Load> loads) {
		loads.forEach((load) -> load.countConnectionsOpenedAfter(epochMillis));
		await().atMost(WAIT)
			.until(() -> loads.stream()
				.allMatch((load) -> load.succeededOnNewConnections() >= 20 || load.failed() > 0));
	}

	private void rotateUnderLoad(Database database) {
		List<HikariDataSource> pools = warmPools();
		List<Load> loads = pools.stream().map((pool) -> new Load(pool, 0)).toList();
		try {
			await().atMost(WAIT).until(() -> loads.stream().allMatch((load) -> load.succeeded() >= 20));
			String oldPassword = currentSecret(database.secretId()).password();
			String token = SecretRotations.rotateSingleUser(emulator, database.secretId());
			await().atMost(WAIT).until(() -> SecretRotations.isDone(emulator, token));
			// Connections logged in from now on did so after finishSecret.
			long rotatedAt = System.currentTimeMillis();
			String newPassword = currentSecret(database.secretId()).password();
			SecretAssertions.assertDifferentSecret(newPassword, oldPassword, "the rotated password");
			await().atMost(WAIT).until(() -> pools.stream().allMatch((pool) -> newPassword.equals(pool.getPassword())));
			for (int i = 0; i < this.fleet.size(); i++) {
				ConfigurableApplicationContext context = this.fleet.get(i);
				SecretAssertions.assertSameSecret(pools.get(i).getPassword(), newPassword,
						"the password of instance " + i + "'s pool");
				SecretsDataSourceState state = context.getBean(SecretsDataSourceState.class);
				assertThat(state.getAuthenticationFailures().values().stream().mapToLong(Long::longValue).sum())
					.as("logins rejected on instance %d", i)
					.isZero();
				assertThat(state.getForcedRefreshes()).as("forced refreshes of instance %d", i).isZero();
				// Counted once the refresh it led to completed, just after the swap.
				SecretEventSource events = context.getBean(SecretEventSource.class);
				await().atMost(WAIT).until(() -> events.applied() > 0);
			}
			// Every pool now replaces all its connections, under the load, with the
			// password it took from the event.
			pools.forEach((pool) -> pool.getHikariPoolMXBean().softEvictConnections());
			awaitQueriesOnConnectionsOpenedAfter(rotatedAt, loads);
		}
		finally {
			loads.forEach(Load::close);
		}
		for (int i = 0; i < loads.size(); i++) {
			Load load = loads.get(i);
			assertThat(load.failed()).as("failed queries on instance %d", i).isZero();
			assertThat(load.succeededOnNewConnections())
				.as("queries on instance %d on connections opened after the rotation", i)
				.isGreaterThanOrEqualTo(20);
		}
	}

	private ConfigurableApplicationContext instance(Database database, String events) {
		String settings = """
				spring.config.import: aws-secret:%s?format=datasource
				spring.datasource.hikari:
				  maximum-pool-size: %d
				  minimum-idle: %d
				  connection-timeout: 10000
				aws.secrets:
				  endpoint: %s
				  region: %s
				  refresh.interval: 1h
				  events:
				    sqs-endpoint: %s
				    wait-time: 1s
				    %s
				""".formatted(database.secretId(), POOL_SIZE, POOL_SIZE, emulator.endpoint(), emulator.region(),
				sqs.endpoint(), events);
		return UserApplication.of(App.class).file("application.yml", settings).run();
	}

	/**
	 * Queries run in a loop on two threads of one instance, each asking when its session
	 * logged in, so that queries on connections opened after the rotation are counted.
	 */
	static final class Load {

		private static final String SESSION_START = "SELECT (extract(epoch FROM backend_start) * 1000)::bigint"
				+ " FROM pg_stat_activity WHERE pid = pg_backend_pid()";

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong succeeded = new AtomicLong();

		private final AtomicLong failed = new AtomicLong();

		private final AtomicLong succeededOnNewConnections = new AtomicLong();

		private volatile long openedAfter = Long.MAX_VALUE;

		private final List<Thread> threads = new ArrayList<>();

		private final int evictEvery;

		/**
		 * Starts the load; with {@code evictEvery} above 0, every so many successful
		 * queries soft-evict all the pool's connections, so that it logs in again.
		 */
		Load(HikariDataSource pool, int evictEvery) {
			this.evictEvery = evictEvery;
			for (int i = 0; i < 2; i++) {
				Thread thread = new Thread(() -> {
					while (this.running.get()) {
						query(pool);
					}
				}, "pool-fleet-query-" + i);
				this.threads.add(thread);
				thread.start();
			}
		}

		private void query(HikariDataSource pool) {
			try {
				long sessionStart = Long.parseLong(PoolTestSupport.query(pool, SESSION_START));
				long succeeded = this.succeeded.incrementAndGet();
				if (sessionStart >= this.openedAfter) {
					this.succeededOnNewConnections.incrementAndGet();
				}
				if (this.evictEvery > 0 && succeeded % this.evictEvery == 0) {
					pool.getHikariPoolMXBean().softEvictConnections();
				}
			}
			catch (IllegalStateException ex) {
				this.failed.incrementAndGet();
			}
		}

		/** Counts queries on connections opened at or after {@code epochMillis} anew. */
		void countConnectionsOpenedAfter(long epochMillis) {
			this.openedAfter = epochMillis;
			this.succeededOnNewConnections.set(0);
		}

		long succeeded() {
			return this.succeeded.get();
		}

		long failed() {
			return this.failed.get();
		}

		long succeededOnNewConnections() {
			return this.succeededOnNewConnections.get();
		}

		void close() {
			this.running.set(false);
			for (Thread thread : this.threads) {
				try {
					thread.join(WAIT.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
