package io.github.secretsspringboot.shapes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.jdbc.SecretsDataSourceState;
import io.github.secretsspringboot.refresh.RefreshCause;
import io.github.secretsspringboot.refresh.RefreshResult;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.postgres.EmbeddedPostgresServer;
import io.github.secretsspringboot.test.rotation.DatabaseSecret;
import io.github.secretsspringboot.test.rotation.SecretRotations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A PostgreSQL server that checks passwords and a Secrets Manager emulator, shared by a
 * test class of the pool, rotation and refresh shapes; each test gets a database and user
 * of its own, whose first password holds a canary, and puts its pool under query load.
 */
abstract class PoolTestSupport {

	/** In the first password of every test's user: it must never be logged or shown. */
	static final String CANARY = "PoolCanary-5d0b7e11";

	static final Duration WAIT = Duration.ofSeconds(60);

	private static final AtomicInteger counter = new AtomicInteger();

	static EmbeddedPostgresServer postgres;

	static SecretsManagerEmulator emulator;

	@BeforeAll
	static void startServers() {
		postgres = EmbeddedPostgresServer.start();
		emulator = SecretsManagerEmulator.start();
	}

	@AfterAll
	static void stopServers() {
		emulator.close();
		postgres.close();
	}

	/** A database owned by a user of its own; its secret is not stored. */
	static Database newDatabase() {
		int n = counter.incrementAndGet();
		Database database = new Database("pool/db-" + n, "pool_app" + n, "pool_user" + n, CANARY + "-Pa55-" + n);
		postgres.createDatabaseWithOwner(database.name(), database.username(), database.password());
		return database;
	}

	/** A database owned by a user of its own, and its secret in the RDS format. */
	static Database newDatabaseWithSecret() {
		Database database = newDatabase();
		createSecret(database.secretId(), database.rdsSecret());
		return database;
	}

	static void createSecret(String name, String value) {
		emulator.client().createSecret((request) -> request.name(name).secretString(value));
	}

	static String putSecretValue(String name, String value) {
		return emulator.client().putSecretValue((request) -> request.secretId(name).secretString(value)).versionId();
	}

	static String currentValue(String name) {
		return emulator.client().getSecretValue((request) -> request.secretId(name)).secretString();
	}

	/** The emulator's settings, as each application names them in its own files. */
	static String awsSecrets() {
		return """
				aws.secrets:
				  endpoint: %s
				  region: %s
				""".formatted(emulator.endpoint(), emulator.region());
	}

	/** The emulator, a quick periodic check and a full pool of four, as YAML. */
	static String pooledAwsSecrets() {
		return """
				aws.secrets:
				  endpoint: %s
				  region: %s
				  refresh:
				    interval: 200ms
				    jitter: 0
				spring.datasource.hikari:
				  maximum-pool-size: 4
				  minimum-idle: 4
				""".formatted(emulator.endpoint(), emulator.region());
	}

	static DatabaseSecret currentSecret(String secretId) {
		return DatabaseSecret
			.parse(emulator.client().getSecretValue((request) -> request.secretId(secretId)).secretString());
	}

	/** Rotates the secret by changing its user's password, and waits until it is done. */
	static String rotateSingleUser(Database database) {
		String before = currentSecret(database.secretId()).password();
		String token = SecretRotations.rotateSingleUser(emulator, database.secretId());
		await().atMost(WAIT).until(() -> SecretRotations.isDone(emulator, token));
		String after = currentSecret(database.secretId()).password();
		assertThat(after.equals(before)).as("the rotation changed the password").isFalse();
		return after;
	}

	/**
	 * Waits until the pool holds {@code password}, then makes it open every connection
	 * anew (soft eviction) under concurrent queries.
	 * @return the number of failed queries
	 */
	static int failedQueriesWithNewConnections(HikariDataSource hikari, String password) throws Exception {
		await().atMost(WAIT).until(() -> password.equals(hikari.getPassword()));
		hikari.getHikariPoolMXBean().softEvictConnections();
		return failedQueries(hikari, "SELECT 1", 4, 25);
	}

	static RefreshResult forceRefresh(ConfigurableApplicationContext context, String secretId) throws Exception {
		return context.getBean(SecretsRefresher.class)
			.refresh(secretId, RefreshCause.REQUEST)
			.get(WAIT.toSeconds(), TimeUnit.SECONDS);
	}

	static long generation(ConfigurableApplicationContext context) {
		return context.getBean(SecretsDataSourceState.class).getDataSources().get(0).generation();
	}

	/**
	 * Soft-evicts every pooled connection, so that the pool has to open new ones with the
	 * credentials it holds now, and runs queries from several threads until enough
	 * succeeded.
	 * @return the queries that failed
	 */
	static long failedQueriesOnNewConnections(HikariDataSource dataSource) {
		try (QueryLoad load = new QueryLoad(dataSource, 4)) {
			// The pool starts on its first connection.
			await().atMost(WAIT).until(() -> dataSource.getHikariPoolMXBean() != null);
			dataSource.getHikariPoolMXBean().softEvictConnections();
			long before = load.succeeded();
			await().atMost(WAIT).until(() -> load.succeeded() >= before + 40 || load.failed() > 0);
			return load.failed();
		}
	}

	/**
	 * Runs {@code queries} queries on each of {@code threads} threads; returns how many
	 * failed.
	 */
	static int failedQueries(DataSource dataSource, String sql, int threads, int queries) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				results.add(executor.submit(() -> {
					int failed = 0;
					for (int q = 0; q < queries; q++) {
						try {
							query(dataSource, sql);
						}
						catch (IllegalStateException ex) {
							failed++;
						}
					}
					return failed;
				}));
			}
			int failed = 0;
			for (Future<Integer> result : results) {
				failed += result.get();
			}
			return failed;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		finally {
			executor.shutdownNow();
		}
	}

	/** Runs one query on a connection of {@code dataSource}; returns the first column. */
	static String query(DataSource dataSource, String sql) {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
		catch (SQLException ex) {
			// The SQLState only: a message could quote what the driver was given.
			throw new IllegalStateException("Query failed with SQLState " + ex.getSQLState());
		}
	}

	/**
	 * One test's database.
	 *
	 * @param secretId the secret that holds its credentials in the RDS format, once
	 * stored
	 * @param name the database's name
	 * @param username its owner
	 * @param password the owner's first password, with the canary
	 */
	record Database(String secretId, String name, String username, String password) {

		String jdbcUrl() {
			return postgres.jdbcUrl(this.name);
		}

		/** The secret of this database in the RDS format. */
		String rdsSecret() {
			return postgres.rdsSecret(this.name, this.username, this.password);
		}

		@Override
		public String toString() {
			return "Database[" + this.name + "]";
		}

	}

	/** The application's own settings, one of them the database password. */
	@ConfigurationProperties("app.database")
	static class DatabaseSettings {

		private String password;

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		boolean isCurrent(ConfigurableApplicationContext context) {
			return this.password != null
					&& this.password.equals(context.getEnvironment().getProperty("spring.datasource.password"));
		}

	}

	/** Queries run in a loop from a few threads, counting successes and failures. */
	static final class QueryLoad implements AutoCloseable {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong succeeded = new AtomicLong();

		private final AtomicLong failed = new AtomicLong();

		private final List<Thread> threads = new ArrayList<>();

		QueryLoad(DataSource dataSource, int threads) {
			for (int i = 0; i < threads; i++) {
				Thread thread = new Thread(() -> {
					while (this.running.get()) {
						query(dataSource);
					}
				}, "refresh-shapes-query-" + i);
				this.threads.add(thread);
				thread.start();
			}
		}

		private void query(DataSource dataSource) {
			try {
				PoolTestSupport.query(dataSource, "SELECT 1");
				this.succeeded.incrementAndGet();
			}
			catch (IllegalStateException ex) {
				this.failed.incrementAndGet();
			}
		}

		long succeeded() {
			return this.succeeded.get();
		}

		long failed() {
			return this.failed.get();
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
				}
			}
			assertThat(this.threads.stream().noneMatch(Thread::isAlive)).as("query threads ended").isTrue();
		}

	}

}
