package io.github.secretsspringboot.jdbc;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.refresh.SecretsChangedEvent;
import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.emulator.RotationStep;
import io.github.secretsspringboot.test.rotation.DatabaseSecret;
import io.github.secretsspringboot.test.rotation.FailingRotationFunction;
import io.github.secretsspringboot.test.rotation.PostgresAlternatingUsersRotationFunction;
import io.github.secretsspringboot.test.rotation.PostgresSingleUserRotationFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rotations of a real PostgreSQL user's credentials while an application queries through
 * its HikariCP pool without pause.
 */
@ExtendWith(OutputCaptureExtension.class)
class HikariRotationTests extends RotationTestSupport {

	private static final String DEBUG = "logging.level.io.github.secretsspringboot=DEBUG";

	@Test
	void singleUserRotationWithAWindowFailsNoQuery(CapturedOutput output) {
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource", DEBUG);
		HikariDataSource hikari = hikari(context);
		SecretsDataSourceState state = state(context);
		assertThat(state.getDataSources()).singleElement().satisfies((pool) -> {
			assertThat(pool.beanName()).isEqualTo("dataSource");
			assertThat(pool.secretId()).isEqualTo("rds/orders");
			assertThat(pool.databaseKind()).isEqualTo(DatabaseKind.POSTGRESQL);
			assertThat(pool.connectionCreationWrapped()).isTrue();
		});
		String newPassword;
		try (QueryLoad load = QueryLoad.start(hikari, 16, "SELECT 1")) {
			await().atMost(WAIT).until(() -> load.successes() > 200);
			String token = rotate("rds/orders",
					new PostgresSingleUserRotationFunction().withPauseBeforeFinish(Duration.ofSeconds(5)));
			awaitRotationWindow(token);
			// PostgreSQL takes only the new password now, while AWSCURRENT holds the old
			// one.
			assertThat(logsIn(database, database.username(), database.password())).isFalse();
			assertThat(state.getCredentialSwaps()).isZero();
			// New physical connections inside the window, as max-lifetime or a network
			// blip makes them.
			hikari.getHikariPoolMXBean().softEvictConnections();
			await().atMost(WAIT).until(() -> state.getPendingFallbacks() >= 4);
			long successesInWindow = load.successes();
			await().atMost(WAIT).until(() -> load.successes() > successesInWindow + 200);
			assertThat(awaitRotationDone(token).isSucceeded()).isTrue();
			// Every connection from before the swap leaves the pool once returned.
			newPassword = awaitFirstSwap(context, database, "rds/orders");
			long fallbacks = state.getPendingFallbacks();
			hikari.getHikariPoolMXBean().softEvictConnections();
			long successesAfter = load.successes();
			await().atMost(WAIT).until(() -> load.successes() > successesAfter + 200);
			await().atMost(WAIT).until(() -> backendsOf(database, database.username()) == 4);
			assertThat(state.getPendingFallbacks()).isEqualTo(fallbacks);
			load.close();
			assertThat(load.failures()).as("failed queries: %s", load.failureDescriptions()).isZero();
		}
		assertThat(logsIn(database, database.username(), database.password())).isFalse();
		assertThat(logsIn(database, database.username(), newPassword)).isTrue();
		assertThat(state.getAuthenticationFailures()).containsKey(DatabaseKind.POSTGRESQL);
		assertThat(state.getForcedRefreshes()).isPositive();
		// Once at the swap, and again if a connection handed to HikariCP just before was
		// still on its way in.
		assertThat(state.getSoftEvictions()).isBetween(1L, 2L);
		assertThat(output).doesNotContain(CANARY).doesNotContain(newPassword);
		assertThat(state.toString() + hikari.getDataSource()).doesNotContain(CANARY).doesNotContain(newPassword);
	}

	@Test
	void alternatingUsersRotationFailsNoQuery() {
		Database database = newDatabase();
		createAlternatingUsersSecret(database);
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource");
		HikariDataSource hikari = hikari(context);
		SecretsDataSourceState state = state(context);
		String clone = database.username() + "_clone";
		try (QueryLoad load = QueryLoad.start(hikari, 16, "SELECT current_user")) {
			await().atMost(WAIT).until(() -> load.successes() > 200);
			assertThat(load.answers()).containsExactly(database.username());
			String token = rotate("rds/orders",
					new PostgresAlternatingUsersRotationFunction().withPauseBeforeFinish(Duration.ofSeconds(2)));
			assertThat(awaitRotationDone(token).isSucceeded()).isTrue();
			await().atMost(WAIT).until(() -> state.getCredentialSwaps() == 1);
			assertThat(hikari.getUsername()).isEqualTo(clone);
			await().atMost(WAIT).until(() -> backendsOf(database, database.username()) == 0);
			load.clearAnswers();
			long successes = load.successes();
			await().atMost(WAIT).until(() -> load.successes() > successes + 200);
			assertThat(load.answers()).containsExactly(clone);
			// HikariCP refills the pool one connection at a time.
			await().atMost(WAIT).until(() -> backendsOf(database, clone) == 4);
			load.close();
			assertThat(load.failures()).as("failed queries: %s", load.failureDescriptions()).isZero();
		}
		// The previous user keeps working until the rotation after next: nothing was
		// rejected.
		assertThat(state.getAuthenticationFailures()).isEmpty();
		assertThat(state.getPendingFallbacks()).isZero();
	}

	@Test
	void aFailingListenerOfTheChangeDoesNotKeepThePoolOnOldCredentials() {
		Database database = newDatabase();
		createSecret("rds/orders", postgres.rdsSecret(database.name(), database.username(), database.password()));
		ConfigurableApplicationContext context = run(FailingListenerConfiguration.class, database,
				"aws-secret:rds/orders?format=datasource");
		String token = rotate("rds/orders", new PostgresSingleUserRotationFunction());
		assertThat(awaitRotationDone(token).isSucceeded()).isTrue();
		await().atMost(WAIT).until(() -> context.getBean(FailingListener.class).calls.get() > 0);
		assertThat(state(context).getCredentialSwaps()).isEqualTo(1);
	}

	@Configuration(proxyBeanMethods = false)
	@Import(AppConfiguration.class)
	static class FailingListenerConfiguration {

		@Bean
		FailingListener failingListener() {
			return new FailingListener();
		}

	}

	/** An application's listener that throws, ordered like most: by default. */
	static final class FailingListener implements ApplicationListener<SecretsChangedEvent> {

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public void onApplicationEvent(SecretsChangedEvent event) {
			this.calls.incrementAndGet();
			throw new IllegalStateException("Listener failure on purpose");
		}

	}

	@Test
	void rotationFailingAtTestSecretLeavesTheOldCredentialsInForce() {
		Database database = newDatabase();
		createAlternatingUsersSecret(database);
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource");
		HikariDataSource hikari = hikari(context);
		SecretsDataSourceState state = state(context);
		try (QueryLoad load = QueryLoad.start(hikari, 8, "SELECT current_user")) {
			await().atMost(WAIT).until(() -> load.successes() > 100);
			String token = rotate("rds/orders",
					FailingRotationFunction.atTestSecret(new PostgresAlternatingUsersRotationFunction()));
			RotationOutcome outcome = awaitRotationDone(token);
			assertThat(outcome.isFailed()).isTrue();
			assertThat(outcome.failedStep()).isEqualTo(RotationStep.TEST_SECRET);
			// The clone exists with the AWSPENDING password; the old user is untouched.
			hikari.getHikariPoolMXBean().softEvictConnections();
			long successes = load.successes();
			await().atMost(WAIT).until(() -> load.successes() > successes + 200);
			await().atMost(WAIT).until(() -> backendsOf(database, database.username()) == 4);
			load.close();
			assertThat(load.failures()).as("failed queries: %s", load.failureDescriptions()).isZero();
			assertThat(load.answers()).containsExactly(database.username());
		}
		assertThat(hikari.getUsername()).isEqualTo(database.username());
		assertSameSecret(hikari.getPassword(), database.password(), "hikari.getPassword()");
		assertThat(state.getCredentialSwaps()).isZero();
		assertThat(state.getAuthenticationFailures()).isEmpty();
		assertThat(state.getPendingFallbacks()).isZero();
	}

	@Test
	void singleUserRotationFailingAtTestSecretIsSurvivedWithTheAwspendingCredentials() {
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource");
		HikariDataSource hikari = hikari(context);
		SecretsDataSourceState state = state(context);
		try (QueryLoad load = QueryLoad.start(hikari, 8, "SELECT 1")) {
			await().atMost(WAIT).until(() -> load.successes() > 100);
			String token = rotate("rds/orders",
					FailingRotationFunction.atTestSecret(new PostgresSingleUserRotationFunction()));
			assertThat(awaitRotationDone(token).isFailed()).isTrue();
			// setSecret ran: PostgreSQL takes only the AWSPENDING password, AWSCURRENT
			// keeps the old one.
			assertThat(logsIn(database, database.username(), database.password())).isFalse();
			hikari.getHikariPoolMXBean().softEvictConnections();
			await().atMost(WAIT).until(() -> state.getPendingFallbacks() >= 4);
			long successes = load.successes();
			await().atMost(WAIT).until(() -> load.successes() > successes + 200);
			load.close();
			assertThat(load.failures()).as("failed queries: %s", load.failureDescriptions()).isZero();
		}
		// The AWSPENDING credentials are never put in force.
		assertSameSecret(hikari.getPassword(), database.password(), "hikari.getPassword()");
		assertThat(state.getCredentialSwaps()).isZero();
	}

	@Test
	void coldStartInsideTheRotationWindow() {
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		String token = rotate("rds/orders",
				new PostgresSingleUserRotationFunction().withPauseBeforeFinish(Duration.ofSeconds(8)));
		awaitRotationWindow(token);
		assertThat(logsIn(database, database.username(), database.password())).isFalse();
		// The pool starts while the context starts, before the refresher runs, as JPA or
		// Flyway would start it.
		ConfigurableApplicationContext context = run(StartupQueryConfiguration.class, database,
				"aws-secret:rds/orders?format=datasource");
		assertThat(context.getBean(StartupQuery.class).answer).isEqualTo(database.username());
		HikariDataSource hikari = hikari(context);
		SecretsDataSourceState state = state(context);
		assertThat(state.getPendingFallbacks()).isPositive();
		assertSameSecret(hikari.getPassword(), database.password(), "hikari.getPassword()");
		assertThat(rotation(token).isRunning()).isTrue();
		try (QueryLoad load = QueryLoad.start(hikari, 8, "SELECT 1")) {
			assertThat(awaitRotationDone(token).isSucceeded()).isTrue();
			await().atMost(WAIT).until(() -> state.getCredentialSwaps() == 1);
			DatabaseSecret rotated = current("rds/orders");
			assertSameSecret(hikari.getPassword(), rotated.password(), "hikari.getPassword()");
			long successes = load.successes();
			await().atMost(WAIT).until(() -> load.successes() > successes + 100);
			load.close();
			assertThat(load.failures()).as("failed queries: %s", load.failureDescriptions()).isZero();
		}
	}

	/** Queries while the context starts. */
	static final class StartupQuery implements InitializingBean {

		private final DataSource dataSource;

		volatile String answer;

		StartupQuery(DataSource dataSource) {
			this.dataSource = dataSource;
		}

		@Override
		public void afterPropertiesSet() {
			this.answer = query(this.dataSource, "SELECT current_user");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class StartupQueryConfiguration extends AppConfiguration {

		@Bean
		StartupQuery startupQuery(DataSource dataSource) {
			return new StartupQuery(dataSource);
		}

	}

}
