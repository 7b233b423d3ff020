package io.github.secretsspringboot.shapes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.test.emulator.PendingLabelAfterFinish;
import io.github.secretsspringboot.test.emulator.RotationFunction;
import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.rotation.PostgresSingleUserRotationFunction;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application whose DataSource comes from an RDS secret rotated by a single-user
 * rotation twice in a row, with AWSPENDING left where AWS may leave it after a rotation:
 * on no version, or on the new current one. Its queries never fail while its pool opens
 * new connections after the second rotation, before the application's next periodic
 * check, and the pool takes each rotation's version although the second one's forced
 * refresh answers with the first one's result.
 */
@ExtendWith(OutputCaptureExtension.class)
class AwsRotationRemovesPendingLabelTests extends PoolTestSupport {

	private static int databases;

	private static int functions;

	@ParameterizedTest
	@EnumSource(PendingLabelAfterFinish.class)
	void queriesNeverFailAcrossTwoRotations(PendingLabelAfterFinish pendingLabel, CapturedOutput output) {
		String database = "orders" + (++databases);
		String user = "orders_app" + databases;
		String secret = "prod/orders/db-" + databases;
		postgres.createDatabaseWithOwner(database, user, CANARY + "-" + databases);
		emulator.client()
			.createSecret((request) -> request.name(secret)
				.secretString(postgres.rdsSecret(database, user, CANARY + "-" + databases)));
		try (ConfigurableApplicationContext context = UserApplication.of(OrdersApp.class).file("application.yml", """
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
				    # One forced refresh per secret every 10 minutes: the second rotation
				    # falls within the spacing of the first one's forced refresh.
				    forced-refresh-min-spacing: 10m
				""".formatted(secret, emulator.endpoint(), emulator.region())).run()) {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			PostgresSingleUserRotationFunction rotation = new PostgresSingleUserRotationFunction();
			try (Load load = Load.start(jdbc)) {
				await().atMost(WAIT).until(() -> load.successes.get() > 100);
				// The first rotation: rejected logins make the application refresh the
				// secret.
				rotate(secret, rotation.withPendingLabelAfterFinish(pendingLabel));
				renewConnections(pool, user, load);
				await().atMost(WAIT).until(() -> !pool.getPassword().startsWith(CANARY));
				String first = pool.getPassword();
				renewConnections(pool, user, load);
				// The second: the application's forced refresh is recent, its periodic
				// check far.
				rotate(secret, rotation.withPendingLabelAfterFinish(pendingLabel));
				assertThat(logsIn(database, user, first)).as("the first rotation's password logs in").isFalse();
				renewConnections(pool, user, load);
				// Recovery logged in with the new AWSCURRENT: the application takes it
				// now, not
				// at its periodic check ten minutes away.
				await().atMost(WAIT).until(() -> !pool.getPassword().equals(first));
				assertThat(logsIn(database, user, pool.getPassword())).as("the pool's password logs in").isTrue();
				load.close();
				assertThat(load.failures.get()).as("failed queries: %s", load.firstFailure.get()).isZero();
			}
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	/**
	 * Rotates the secret with {@code function} and waits until the rotation succeeded.
	 */
	private static void rotate(String secret, RotationFunction function) {
		String lambdaArn = "arn:aws:lambda:" + emulator.region() + ":" + emulator.accountId() + ":function:rotate-"
				+ (++functions);
		emulator.registerRotationFunction(lambdaArn, function);
		String token = emulator.client()
			.rotateSecret((request) -> request.secretId(secret).rotationLambdaARN(lambdaArn))
			.versionId();
		await().atMost(WAIT).until(() -> emulator.rotation(token).orElseThrow(), RotationOutcome::isDone);
		assertThat(emulator.rotation(token).orElseThrow().isSucceeded()).isTrue();
	}

	/**
	 * Has the pool replace every connection, as max-lifetime does, and waits until
	 * queries ran on new ones only.
	 */
	private static void renewConnections(HikariDataSource pool, String user, Load load) {
		// A full pool opens no connection: none lands after the eviction unevicted.
		await().atMost(WAIT).until(() -> pool.getHikariPoolMXBean().getTotalConnections() == 4);
		Instant evicted = Instant.now();
		pool.getHikariPoolMXBean().softEvictConnections();
		await().atMost(WAIT).until(() -> backendsStartedBefore(user, evicted) == 0);
		long successes = load.successes.get();
		await().atMost(WAIT).until(() -> load.successes.get() > successes + 100);
	}

	private static int backendsStartedBefore(String user, Instant instant) throws SQLException {
		try (Connection connection = postgres.adminConnection();
				PreparedStatement statement = connection.prepareStatement(
						"SELECT count(*) FROM pg_stat_activity WHERE usename = ? AND backend_start < ?")) {
			statement.setString(1, user);
			statement.setTimestamp(2, Timestamp.from(instant));
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	private static boolean logsIn(String database, String user, String password) {
		try (Connection connection = postgres.dataSource(database, user, password).getConnection()) {
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/** Threads querying through the application's JdbcTemplate without pause. */
	private static final class Load implements AutoCloseable {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong successes = new AtomicLong();

		private final AtomicLong failures = new AtomicLong();

		private final AtomicReference<String> firstFailure = new AtomicReference<>();

		private final List<Thread> threads = new ArrayList<>();

		static Load start(JdbcTemplate jdbc) {
			Load load = new Load();
			for (int i = 0; i < 8; i++) {
				Thread thread = new Thread(() -> load.run(jdbc), "orders-query-" + i);
				thread.setDaemon(true);
				load.threads.add(thread);
				thread.start();
			}
			return load;
		}

		private void run(JdbcTemplate jdbc) {
			while (this.running.get()) {
				try {
					jdbc.queryForObject("SELECT 1", Integer.class);
					this.successes.incrementAndGet();
				}
				catch (RuntimeException ex) {
					this.failures.incrementAndGet();
					this.firstFailure.compareAndSet(null, ex.getClass().getSimpleName());
				}
			}
		}

		@Override
		public void close() {
			this.running.set(false);
			for (Thread thread : this.threads) {
				try {
					thread.join(WAIT.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class OrdersApp {

	}

}
