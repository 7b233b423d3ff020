package io.github.secretsspringboot.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.secretsspringboot.jdbc.LatchingDriver.Hold;
import io.github.secretsspringboot.jdbc.LatchingDriver.Opened;
import io.github.secretsspringboot.refresh.RefreshCause;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import org.springframework.context.ConfigurableApplicationContext;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A physical connection on its way into the pool while the credentials are swapped, held
 * at a chosen point by {@link LatchingDriver}: it must not stay in the pool with the old
 * credentials.
 */
class CredentialSwapRaceTests extends RotationTestSupport {

	private static final String NEW_PASSWORD = "Rotated-Pa55word-1";

	private Database database;

	private ConfigurableApplicationContext context;

	private HikariDataSource hikari;

	@BeforeEach
	void resetDriver() {
		LatchingDriver.reset();
	}

	private void startApplication(int poolSize) {
		this.database = newDatabase();
		createSecret("app/db", json(this.database.password()));
		this.context = run(this.database, "aws-secret:app/db?prefix=spring.datasource",
				"spring.datasource.url=" + LatchingDriver.PREFIX + this.database.jdbcUrl().substring("jdbc:".length()),
				"spring.datasource.driver-class-name=" + LatchingDriver.class.getName(),
				"spring.datasource.hikari.connection-init-sql=" + LatchingDriver.INIT_SQL,
				"spring.datasource.hikari.maximum-pool-size=" + poolSize,
				"spring.datasource.hikari.minimum-idle=" + poolSize, "spring.datasource.hikari.validation-timeout=1000",
				// Swaps happen when the test forces a refresh, not on a schedule.
				"aws.secrets.refresh.interval=1h");
		this.hikari = hikari(this.context);
	}

	@Test
	void connectionOpenedAcrossASwapIsOpenedAgainWithTheNewCredentials() throws Exception {
		startApplication(2);
		startPool();
		Hold hold = LatchingDriver.holdAfterLogin();
		this.hikari.getHikariPoolMXBean().softEvictConnections();
		// Logged in with the old password, not yet handed to HikariCP.
		hold.awaitReached();
		Opened held = last();
		assertSameSecret(held.password(), this.database.password(), "held.password()");
		swapToNewPassword();
		hold.release();
		awaitOnlyNewCredentialsInPool();
		assertThat(held.isOpen()).isFalse();
		assertThat(query(this.hikari, "SELECT current_user")).isEqualTo(this.database.username());
	}

	@Test
	void connectionHandedOverJustBeforeASwapIsEvictedOnceInThePool() throws Exception {
		startApplication(2);
		startPool();
		Hold hold = LatchingDriver.holdDuringSetup();
		this.hikari.getHikariPoolMXBean().softEvictConnections();
		// Handed to HikariCP with the old password, being set up, not yet in the pool.
		hold.awaitReached();
		Opened held = last();
		assertSameSecret(held.password(), this.database.password(), "held.password()");
		swapToNewPassword();
		long evictionsAtSwap = state(this.context).getSoftEvictions();
		hold.release();
		awaitOnlyNewCredentialsInPool();
		assertThat(held.isOpen()).isFalse();
		assertThat(state(this.context).getSoftEvictions()).isEqualTo(evictionsAtSwap + 1);
		assertThat(query(this.hikari, "SELECT current_user")).isEqualTo(this.database.username());
	}

	@Test
	void connectionHandedOverJustBeforeASwapIsEvictedOnceInThePoolWhenNoOtherFollows() throws Exception {
		startApplication(1);
		startPool();
		Hold hold = LatchingDriver.holdDuringSetup();
		this.hikari.getHikariPoolMXBean().softEvictConnections();
		hold.awaitReached();
		Opened held = last();
		swapToNewPassword();
		long evictionsAtSwap = state(this.context).getSoftEvictions();
		// The only connection: once it is in the pool, HikariCP opens no other that would
		// tell it has landed, and nothing uses it; its connection-adder thread ending
		// does.
		hold.release();
		awaitOnlyNewCredentialsInPool();
		assertThat(held.isOpen()).isFalse();
		assertThat(state(this.context).getSoftEvictions()).isEqualTo(evictionsAtSwap + 1);
	}

	@Test
	void connectionHandedOverJustBeforeASwapAndBorrowedAtOnceIsClosedWhenReturned() throws Exception {
		startApplication(1);
		startPool();
		HikariPoolMXBean pool = this.hikari.getHikariPoolMXBean();
		Hold hold = LatchingDriver.holdDuringSetup();
		pool.softEvictConnections();
		hold.awaitReached();
		Opened held = last();
		swapToNewPassword();
		long evictionsAtSwap = state(this.context).getSoftEvictions();
		// A caller waits for the only connection: HikariCP hands it over as it joins the
		// pool.
		CompletableFuture<Connection> waiting = CompletableFuture.supplyAsync(this::borrow);
		await().atMost(WAIT).until(() -> pool.getThreadsAwaitingConnection() == 1);
		hold.release();
		try (Connection connection = waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
			// Used by another thread than the one that opened it, it has landed: the pool
			// is
			// evicted again, which marks it, in use, for closing once returned.
			assertThat(connection.isValid(1)).isTrue();
			await().atMost(WAIT).until(() -> state(this.context).getSoftEvictions() == evictionsAtSwap + 1);
			assertThat(held.isOpen()).isTrue();
		}
		awaitOnlyNewCredentialsInPool();
		assertThat(held.isOpen()).isFalse();
		assertThat(state(this.context).getSoftEvictions()).isEqualTo(evictionsAtSwap + 1);
	}

	private Connection borrow() {
		try {
			return this.hikari.getConnection();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void startPool() throws SQLException {
		try (Connection connection = this.hikari.getConnection()) {
			assertThat(connection.isValid(1)).isTrue();
		}
		HikariPoolMXBean pool = this.hikari.getHikariPoolMXBean();
		int size = this.hikari.getMaximumPoolSize();
		await().atMost(WAIT).until(() -> pool.getTotalConnections() == size && pool.getIdleConnections() == size);
	}

	/** The database takes the new password only, and the secret holds it. */
	private void swapToNewPassword() throws Exception {
		try (Connection admin = postgres.adminConnection()) {
			admin.unwrap(PGConnection.class)
				.alterUserPassword(this.database.username(), NEW_PASSWORD.toCharArray(), null);
		}
		secrets().putSecretValue((request) -> request.secretId("app/db").secretString(json(NEW_PASSWORD)));
		assertThat(this.context.getBean(SecretsRefresher.class)
			.refresh("app/db", RefreshCause.REQUEST)
			.get(30, TimeUnit.SECONDS)
			.changed()).isTrue();
		assertThat(state(this.context).getCredentialSwaps()).isEqualTo(1);
		assertSameSecret(this.hikari.getPassword(), NEW_PASSWORD, "this.hikari.getPassword()");
	}

	private void awaitOnlyNewCredentialsInPool() {
		HikariPoolMXBean pool = this.hikari.getHikariPoolMXBean();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<Opened> open = LatchingDriver.opened.stream().filter(Opened::isOpen).toList();
			int size = this.hikari.getMaximumPoolSize();
			assertThat(open).hasSize(size)
				.allSatisfy((opened) -> assertSameSecret(opened.password(), NEW_PASSWORD,
						"password of an open connection"));
			assertThat(pool.getTotalConnections()).isEqualTo(size);
		});
	}

	private static Opened last() {
		return LatchingDriver.opened.get(LatchingDriver.opened.size() - 1);
	}

	private String json(String password) {
		return "{\"username\":\"" + this.database.username() + "\",\"password\":\"" + password + "\"}";
	}

}
