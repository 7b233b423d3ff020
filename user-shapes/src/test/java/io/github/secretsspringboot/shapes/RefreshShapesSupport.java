package io.github.secretsspringboot.shapes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A PostgreSQL server that checks passwords and a Secrets Manager emulator, shared by a test
 * class; each test gets a database and user of its own, whose password holds a canary.
 */
abstract class RefreshShapesSupport {

	/** In every first password: it must never be logged or shown. */
	static final String CANARY = "Canary-5e1f03b7";

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

	/** A new database owned by a user of its own. */
	static Database newDatabase() {
		int n = counter.incrementAndGet();
		Database database = new Database("refresh_shapes_" + n, "refresh_user_" + n, CANARY + "-Pw-" + n);
		postgres.createDatabaseWithOwner(database.name(), database.username(), database.password());
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
	 * @param name the database
	 * @param username its owner
	 * @param password the owner's first password
	 */
	record Database(String name, String username, String password) {

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
			try (Connection connection = dataSource.getConnection();
					Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("SELECT 1")) {
				result.next();
				this.succeeded.incrementAndGet();
			}
			catch (SQLException ex) {
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
