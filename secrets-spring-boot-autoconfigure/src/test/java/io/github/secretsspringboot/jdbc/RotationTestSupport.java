package io.github.secretsspringboot.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.refresh.SecretChangeReaction;
import io.github.secretsspringboot.refresh.SecretsChangedEvent;
import io.github.secretsspringboot.test.emulator.RotationFunction;
import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.emulator.RotationStep;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.SecretsManagerTestProperties;
import io.github.secretsspringboot.test.postgres.EmbeddedPostgresServer;
import io.github.secretsspringboot.test.rotation.DatabaseSecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.awaitility.Awaitility.await;

/**
 * Real Spring applications whose DataSource credentials come from a secret in an
 * emulator, against a PostgreSQL server that checks passwords; both shared by the test
 * class. Each test gets a database and user of its own, and an emulator without secrets
 * or faults. The emulator's placeholder credentials are set for the class only (no test
 * JVM has any); the applications name the endpoint and region themselves.
 */
abstract class RotationTestSupport {

	/** In the first password of every test's user: it must never be logged or shown. */
	static final String CANARY = "Canary-9c41e7d2";

	static final Duration WAIT = Duration.ofSeconds(60);

	private static final AtomicInteger counter = new AtomicInteger();

	static EmbeddedPostgresServer postgres;

	static SecretsManagerEmulator emulator;

	private static SecretsManagerTestProperties credentials;

	private ConfigurableApplicationContext context;

	@BeforeAll
	static void startServers() {
		postgres = EmbeddedPostgresServer.start();
		emulator = SecretsManagerEmulator.start();
		credentials = SecretsManagerTestProperties.credentials();
	}

	@AfterAll
	static void stopServers() {
		credentials.close();
		emulator.close();
		postgres.close();
	}

	@BeforeEach
	void resetEmulator() {
		emulator.clear();
		emulator.control().reset();
	}

	@AfterEach
	void closeContext() {
		if (this.context != null) {
			this.context.close();
		}
	}

	static SecretsManagerClient secrets() {
		return emulator.client();
	}

	/** A database owned by a user of its own, whose first password holds the canary. */
	static Database newDatabase() {
		int n = counter.incrementAndGet();
		Database database = new Database("app" + n, "app_user" + n, CANARY + "-Pa55-" + n, "rotator-test-" + n);
		postgres.createDatabaseWithOwner(database.name(), database.username(), database.password());
		return database;
	}

	static String createSecret(String name, String value) {
		return secrets().createSecret((request) -> request.name(name).secretString(value)).arn();
	}

	static String currentValue(String name) {
		return secrets().getSecretValue((request) -> request.secretId(name)).secretString();
	}

	static DatabaseSecret current(String name) {
		return DatabaseSecret.parse(currentValue(name));
	}

	/**
	 * Creates {@code rds/orders}, the database's secret in the RDS format, naming the
	 * administrator's secret {@code rds/master} as its master for alternating-users
	 * rotations.
	 */
	static void createAlternatingUsersSecret(Database database) {
		String masterArn = createSecret("rds/master", postgres.adminRdsSecret());
		createSecret("rds/orders",
				postgres.rdsSecret(database.name(), database.username(), database.password(), masterArn));
	}

	/** Starts a rotation with {@code function}; returns its token. */
	static String rotate(String secret, RotationFunction function) {
		String lambdaArn = "arn:aws:lambda:" + emulator.region() + ":" + emulator.accountId() + ":function:rotate-"
				+ counter.incrementAndGet();
		emulator.registerRotationFunction(lambdaArn, function);
		return secrets()
			.rotateSecret((request) -> request.secretId(secret)
				.rotationLambdaARN(lambdaArn)
				.rotationRules((rules) -> rules.automaticallyAfterDays(30L)))
			.versionId();
	}

	static RotationOutcome rotation(String token) {
		return emulator.rotation(token).orElseThrow();
	}

	/** Waits until the rotation is between testSecret and finishSecret. */
	static void awaitRotationWindow(String token) {
		await().atMost(WAIT)
			.until(() -> rotation(token),
					(outcome) -> outcome.isRunning() && outcome.completedSteps().contains(RotationStep.TEST_SECRET));
	}

	static RotationOutcome awaitRotationDone(String token) {
		return await().atMost(WAIT).until(() -> rotation(token), RotationOutcome::isDone);
	}

	/** Whether PostgreSQL lets {@code username} in with {@code password} now. */
	static boolean logsIn(Database database, String username, String password) {
		try (Connection connection = postgres.dataSource(database.name(), username, password).getConnection()) {
			return true;
		}
		catch (SQLException ex) {
			if ("28P01".equals(ex.getSQLState())) {
				return false;
			}
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The application's backends (by application name) that started before
	 * {@code instant}.
	 */
	static int backendsStartedBefore(Database database, Instant instant) {
		return count("SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND backend_start < ?",
				database.applicationName(), Timestamp.from(instant));
	}

	/** The application's backends logged in as {@code username}. */
	static int backendsOf(Database database, String username) {
		return count("SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND usename = ?",
				database.applicationName(), username);
	}

	private static int count(String sql, Object... parameters) {
		try (Connection connection = postgres.adminConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	ConfigurableApplicationContext run(Database database, String configImport, String... properties) {
		return run(AppConfiguration.class, database, configImport, properties);
	}

	/**
	 * Runs an application; {@code name=value} properties override the defaults: refresh
	 * every 200 ms, a pool of 4 connections named and tagged after the database's
	 * application name, 10 s connection timeout.
	 */
	ConfigurableApplicationContext run(Class<?> configuration, Database database, String configImport,
			String... properties) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("spring.config.import", configImport);
		settings.put("aws.secrets.endpoint", emulator.endpoint().toString());
		settings.put("aws.secrets.region", emulator.region());
		settings.put("aws.secrets.retry.max-attempts", "1");
		settings.put("aws.secrets.refresh.interval", "200ms");
		settings.put("aws.secrets.refresh.jitter", "0");
		settings.put("aws.secrets.refresh.max-backoff", "1s");
		settings.put("spring.main.banner-mode", "off");
		settings.put("spring.datasource.hikari.pool-name", database.applicationName());
		settings.put("spring.datasource.hikari.maximum-pool-size", "4");
		settings.put("spring.datasource.hikari.minimum-idle", "4");
		settings.put("spring.datasource.hikari.connection-timeout", "10000");
		settings.put("spring.datasource.hikari.data-source-properties[ApplicationName]", database.applicationName());
		for (String property : properties) {
			int equals = property.indexOf('=');
			settings.put(property.substring(0, equals), property.substring(equals + 1));
		}
		SpringApplication application = new SpringApplication(configuration);
		application.setWebApplicationType(WebApplicationType.NONE);
		this.context = application.run(settings.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new));
		return this.context;
	}

	static HikariDataSource hikari(ConfigurableApplicationContext context) {
		return context.getBean(HikariDataSource.class);
	}

	static SecretsDataSourceState state(ConfigurableApplicationContext context) {
		return context.getBean(SecretsDataSourceState.class);
	}

	/** When the last SecretsChangedEvent arrived, before the pools took it. */
	/**
	 * Waits for the pool's first credential swap, checks that HikariCP holds the secret's
	 * new password, and waits until every connection opened before the swap has left the
	 * pool.
	 * @return the new password
	 */
	static String awaitFirstSwap(ConfigurableApplicationContext context, Database database, String secretId) {
		await().atMost(WAIT).until(() -> state(context).getCredentialSwaps() == 1);
		Instant swapped = lastChange(context);
		String newPassword = current(secretId).password();
		assertSameSecret(hikari(context).getPassword(), newPassword, "hikari.getPassword()");
		await().atMost(WAIT).until(() -> backendsStartedBefore(database, swapped) == 0);
		return newPassword;
	}

	static Instant lastChange(ConfigurableApplicationContext context) {
		return context.getBean(ChangeClock.class).last.get();
	}

	/** Runs one query on a connection of the pool; returns the first column. */
	static String query(javax.sql.DataSource dataSource, String sql) {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet result = statement.executeQuery()) {
			result.next();
			return result.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One test's database.
	 *
	 * @param name the database
	 * @param username its owner
	 * @param password the owner's first password
	 * @param applicationName what the application's connections call themselves
	 */
	record Database(String name, String username, String password, String applicationName) {

		String jdbcUrl() {
			return postgres.jdbcUrl(this.name);
		}

		String rdsSecret() {
			return postgres.rdsSecret(this.name, this.username, this.password);
		}

		@Override
		public String toString() {
			return "Database[" + this.name + "]";
		}

	}

	/** Notes when secrets change, ahead of the pools' credential swap. */
	static final class ChangeClock implements SecretChangeReaction, Ordered {

		final AtomicReference<Instant> last = new AtomicReference<>();

		@Override
		public void secretsChanged(SecretsChangedEvent event) {
			this.last.set(Instant.now());
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class AppConfiguration {

		@Bean
		ChangeClock changeClock() {
			return new ChangeClock();
		}

	}

}
