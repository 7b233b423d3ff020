package io.github.secretsspringboot.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.secretsspringboot.test.rotation.PostgresAlternatingUsersRotationFunction;
import io.github.secretsspringboot.test.rotation.PostgresSingleUserRotationFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults on the database's side while a rotation of its credentials is under way: the
 * database restarting, the pool exhausted, the previous user locked out. A real
 * application queries a real PostgreSQL server through HikariCP throughout.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseFaultsDuringRotationTests extends RotationTestSupport {

	/** PostgreSQL's SQLState for a role that may not log in. */
	private static final String INVALID_AUTHORIZATION = "28000";

	@AfterEach
	void restartDatabaseIfStopped() {
		// Shared by the test class: back up even when a test failed while it was down.
		postgres.startAgain();
	}

	@Test
	void databaseRestartedInsideTheRotationWindowFailsQueriesOnlyWhileItIsDown(CapturedOutput output) {
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource",
				// Callers wait for the pool to reconnect rather than give up first.
				"spring.datasource.hikari.connection-timeout=30000");
		HikariDataSource hikari = hikari(context);
		SecretsDataSourceState state = state(context);
		GatedRotation rotation = new GatedRotation(new PostgresSingleUserRotationFunction());
		String newPassword;
		try (QueryLoad load = QueryLoad.start(hikari, 8, "SELECT current_user")) {
			await().atMost(WAIT).until(() -> load.successes() > 100);
			HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
			String token = rotate("rds/orders", rotation);
			awaitRotationWindow(token);
			assertThat(logsIn(database, database.username(), database.password())).isFalse();

			long rejectedLogins = rejectedLogins(state);
			long forcedRefreshes = state.getForcedRefreshes();
			postgres.stop();
			// Every pooled connection is broken: HikariCP drops each as it fails, and
			// cannot open another.
			await().atMost(WAIT).until(() -> load.failures() > 0 && pool.getTotalConnections() == 0);
			// A refused connection is no rejected login: it fetches nothing.
			assertThat(rejectedLogins(state)).isEqualTo(rejectedLogins);
			assertThat(state.getForcedRefreshes()).isEqualTo(forcedRefreshes);
			postgres.startAgain();
			QueryLoad.Mark back = load.mark();
			// Still inside the window: PostgreSQL takes only the AWSPENDING password.
			await().atMost(WAIT).until(() -> back.successes() > 100 && pool.getTotalConnections() == 4);
			assertThat(state.getPendingFallbacks()).isPositive();
			assertThat(state.getCredentialSwaps()).isZero();
			// The pool is full: it opens no other connection until the swap.
			long fallbacks = state.getPendingFallbacks();

			rotation.finish();
			assertThat(awaitRotationDone(token).isSucceeded()).isTrue();
			newPassword = awaitFirstSwap(context, database, "rds/orders");
			// Every connection was opened after the swap, with the credentials in force:
			// none needed AWSPENDING's.
			assertThat(state.getPendingFallbacks()).isEqualTo(fallbacks);
			long successes = back.successes();
			await().atMost(WAIT).until(() -> back.successes() > successes + 100);
			load.close();
			assertThat(back.failures()).as("queries failed after the database was back: %s", back.failureDescriptions())
				.isZero();
			assertThat(load.failures()).as("queries failed while the database was down").isPositive();
			assertThat(back.answers()).containsExactly(database.username());
			// Nothing leaked: no connection stays borrowed, and PostgreSQL sees only the
			// pool's.
			await().atMost(WAIT).until(() -> pool.getActiveConnections() == 0);
			await().atMost(WAIT)
				.until(() -> pool.getTotalConnections() == 4 && backendsOf(database, database.username()) == 4);
			assertThat(state.getPendingFallbacks()).isEqualTo(fallbacks);
		}
		assertThat(logsIn(database, database.username(), database.password())).isFalse();
		assertThat(logsIn(database, database.username(), newPassword)).isTrue();
		assertThat(output).doesNotContain(CANARY).doesNotContain(newPassword);
	}

	@Test
	void poolExhaustedDuringARotationHandsConnectionsOpenedWithTheNewCredentialsToWaitingCallers() throws Exception {
		Database database = newDatabase();
		createAlternatingUsersSecret(database);
		executeAs(database, database.username(), database.password(), "CREATE TABLE orders (id int)");
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource",
				// Callers wait until connections are returned, well within this.
				"spring.datasource.hikari.connection-timeout=60000");
		HikariDataSource hikari = hikari(context);
		SecretsDataSourceState state = state(context);
		String clone = database.username() + "_clone";
		ExecutorService callers = Executors.newFixedThreadPool(8);
		List<Connection> held = new ArrayList<>();
		try (Connection locker = postgres
			.dataSource(database.name(), postgres.adminUsername(), postgres.adminPassword())
			.getConnection()) {
			for (int i = 0; i < 4; i++) {
				held.add(hikari.getConnection());
			}
			HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
			assertThat(pool.getActiveConnections()).isEqualTo(4);
			List<Integer> heldBackends = new ArrayList<>();
			for (Connection connection : held) {
				heldBackends.add(Integer.valueOf(queryOn(connection, "SELECT pg_backend_pid()")));
			}
			// Two slow queries, waiting on a lock the test holds; two connections just
			// held.
			locker.setAutoCommit(false);
			try (Statement statement = locker.createStatement()) {
				statement.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
			}
			List<Future<String>> slowQueries = new ArrayList<>();
			for (Connection connection : held.subList(0, 2)) {
				slowQueries.add(callers.submit(() -> {
					try (connection) {
						return queryOn(connection, "SELECT current_user || ' ' || count(*) FROM orders");
					}
				}));
			}
			await().atMost(WAIT).until(() -> waitingOnALock(heldBackends.subList(0, 2)) == 2);
			List<Future<String>> waiting = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				waiting.add(callers.submit(() -> query(hikari, "SELECT current_user")));
			}
			await().atMost(WAIT).until(() -> pool.getThreadsAwaitingConnection() == 6);

			String token = rotate("rds/orders", new PostgresAlternatingUsersRotationFunction());
			assertThat(awaitRotationDone(token).isSucceeded()).isTrue();
			// The swap's eviction has run: every pooled connection is marked, all
			// borrowed.
			await().atMost(WAIT).until(() -> state.getCredentialSwaps() == 1 && state.getSoftEvictions() >= 1);
			assertThat(hikari.getUsername()).isEqualTo(clone);
			assertThat(waiting).noneMatch(Future::isDone);
			assertThat(pool.getActiveConnections()).isEqualTo(4);

			// Returned, a connection of the previous user leaves the pool; a new one
			// serves a caller.
			held.remove(3).close();
			await().atMost(WAIT).until(() -> !isOpen(heldBackends.get(3)));
			await().atMost(WAIT).until(() -> waiting.stream().filter(Future::isDone).count() >= 1);
			held.remove(2).close();
			await().atMost(WAIT).until(() -> !isOpen(heldBackends.get(2)));
			locker.commit();
			for (Future<String> slowQuery : slowQueries) {
				assertThat(slowQuery.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(database.username() + " 0");
			}
			held.clear();
			for (Future<String> caller : waiting) {
				assertThat(caller.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(clone);
			}
			await().atMost(WAIT)
				.until(() -> heldBackends.stream().noneMatch(DatabaseFaultsDuringRotationTests::isOpen));
			await().atMost(WAIT).until(() -> pool.getActiveConnections() == 0);
			await().atMost(WAIT)
				.until(() -> backendsOf(database, database.username()) == 0 && backendsOf(database, clone) == 4);
			assertThat(pool.getTotalConnections()).isEqualTo(4);
			assertThat(query(hikari, "SELECT current_user")).isEqualTo(clone);
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
			callers.shutdownNow();
		}
		assertThat(state.getCredentialSwaps()).isEqualTo(1);
		assertThat(state.getAuthenticationFailures()).isEmpty();
	}

	@Test
	void previousUserLockedAfterAnAlternatingUsersRotationFailsNoQuery() {
		Database database = newDatabase();
		createAlternatingUsersSecret(database);
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource",
				// The pool learns of the rotation only when PostgreSQL turns the previous
				// user away.
				"aws.secrets.refresh.interval=1h", "spring.datasource.hikari.connection-timeout=30000");
		HikariDataSource hikari = hikari(context);
		SecretsDataSourceState state = state(context);
		String clone = database.username() + "_clone";
		try (QueryLoad load = QueryLoad.start(hikari, 16, "SELECT current_user")) {
			await().atMost(WAIT).until(() -> load.successes() > 200);
			assertThat(load.answers()).containsExactly(database.username());
			String token = rotate("rds/orders", new PostgresAlternatingUsersRotationFunction());
			assertThat(awaitRotationDone(token).isSucceeded()).isTrue();
			assertThat(state.getCredentialSwaps()).isZero();

			executeAsAdmin("ALTER ROLE " + database.username() + " NOLOGIN");
			assertThat(loginRefusal(database, database.username(), database.password()))
				.isEqualTo(INVALID_AUTHORIZATION);
			// Its sessions go on; the next new connection, as max-lifetime or a network
			// blip
			// opens one, is turned away.
			hikari.getHikariPoolMXBean().softEvictConnections();
			// The swap's eviction has run once this counts it.
			await().atMost(WAIT).until(() -> state.getCredentialSwaps() == 1 && state.getSoftEvictions() >= 1);
			QueryLoad.Mark afterSwap = load.mark();
			assertThat(hikari.getUsername()).isEqualTo(clone);
			await().atMost(WAIT).until(() -> afterSwap.successes() > 200);
			await().atMost(WAIT).until(() -> backendsOf(database, database.username()) == 0);
			load.close();
			assertThat(load.failures()).as("failed queries: %s", load.failureDescriptions()).isZero();
			assertThat(afterSwap.answers()).containsExactly(clone);
		}
		// HikariCP refills the pool one connection at a time.
		await().atMost(WAIT).until(() -> backendsOf(database, clone) == 4);
		assertThat(state.getAuthenticationFailures()).containsKey(DatabaseKind.POSTGRESQL);
		assertThat(state.getForcedRefreshes()).isPositive();
		assertThat(state.getPendingFallbacks()).isZero();
	}

	private static long rejectedLogins(SecretsDataSourceState state) {
		return state.getAuthenticationFailures().values().stream().mapToLong(Long::longValue).sum();
	}

	private static String queryOn(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	/**
	 * The SQLState with which PostgreSQL refuses the login, {@code null} if it lets it
	 * in.
	 */
	private static String loginRefusal(Database database, String username, String password) {
		try (Connection connection = postgres.dataSource(database.name(), username, password).getConnection()) {
			return null;
		}
		catch (SQLException ex) {
			return ex.getSQLState();
		}
	}

	private static void executeAs(Database database, String username, String password, String sql) {
		try (Connection connection = postgres.dataSource(database.name(), username, password).getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void executeAsAdmin(String sql) {
		try (Connection connection = postgres.adminConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Whether the backend with this process id still runs: its connection is open. */
	private static boolean isOpen(int backend) {
		return adminCount("SELECT count(*) FROM pg_stat_activity WHERE pid = " + backend) > 0;
	}

	private static int waitingOnALock(List<Integer> backends) {
		String pids = backends.stream().map(String::valueOf).collect(Collectors.joining(","));
		return adminCount(
				"SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid IN (" + pids + ")");
	}

	private static int adminCount(String sql) {
		try (Connection connection = postgres.adminConnection();
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet result = statement.executeQuery()) {
			result.next();
			return result.getInt(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
