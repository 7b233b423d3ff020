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
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.postgres.EmbeddedPostgresServer;
import io.github.secretsspringboot.test.rotation.DatabaseSecret;
import io.github.secretsspringboot.test.rotation.SecretRotations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A PostgreSQL server that checks passwords and a Secrets Manager emulator, shared by a test
 * class; each test gets a database and user of its own, whose first password holds a canary.
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

	/** A database owned by a user of its own, and its secret in the RDS format. */
	static Database newDatabase() {
		int n = counter.incrementAndGet();
		Database database = new Database("pool/db-" + n, "pool_app" + n, "pool_user" + n, CANARY + "-Pa55-" + n);
		postgres.createDatabaseWithOwner(database.name(), database.username(), database.password());
		emulator.client()
			.createSecret((secret) -> secret.name(database.secretId())
				.secretString(postgres.rdsSecret(database.name(), database.username(), database.password())));
		return database;
	}

	/** The emulator and refresh settings every application of these tests has, as YAML. */
	static String awsSecrets() {
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
	 * Waits until the pool holds {@code password}, then makes it open every connection anew
	 * (soft eviction) under concurrent queries.
	 * @return the number of failed queries
	 */
	static int failedQueriesWithNewConnections(HikariDataSource hikari, String password) throws Exception {
		await().atMost(WAIT).until(() -> password.equals(hikari.getPassword()));
		hikari.getHikariPoolMXBean().softEvictConnections();
		return failedQueries(hikari, "SELECT 1", 4, 25);
	}

	/** Runs {@code queries} queries on each of {@code threads} threads; returns how many failed. */
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
	 * @param secretId the secret holding its credentials in the RDS format
	 * @param name the database's name
	 * @param username its owner
	 * @param password the owner's first password, with the canary
	 */
	record Database(String secretId, String name, String username, String password) {

		String jdbcUrl() {
			return postgres.jdbcUrl(this.name);
		}

		@Override
		public String toString() {
			return "Database[" + this.name + "]";
		}

	}

}
