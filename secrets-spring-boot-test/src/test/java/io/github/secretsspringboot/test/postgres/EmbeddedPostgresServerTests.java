package io.github.secretsspringboot.test.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.github.secretsspringboot.test.rotation.DatabaseSecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Password authentication is enforced on every connection, the administrator's too. */
class EmbeddedPostgresServerTests {

	private static EmbeddedPostgresServer postgres;

	@BeforeAll
	static void startPostgres() {
		postgres = EmbeddedPostgresServer.start();
	}

	@AfterAll
	static void stopPostgres() {
		postgres.close();
	}

	@Test
	void administratorLogsInWithItsPasswordOnly() throws SQLException {
		try (Connection connection = DriverManager.getConnection(postgres.adminJdbcUrl(), postgres.adminUsername(),
				postgres.adminPassword());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT current_user, inet_server_addr()")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getString(1)).isEqualTo("postgres");
			assertThat(result.getString(2)).isEqualTo("127.0.0.1");
		}
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(postgres.adminJdbcUrl(), "postgres", "wrong"))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(postgres.adminJdbcUrl(), "postgres", ""));
	}

	@Test
	void databaseOwnerLogsInWithItsPasswordOnlyAndOwnsTheDatabase() throws SQLException {
		postgres.createDatabaseWithOwner("inventory", "inventory_app", "first-Pa55word");
		try (Connection connection = postgres.dataSource("inventory", "inventory_app", "first-Pa55word")
			.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE item (id int PRIMARY KEY)");
			statement.execute("INSERT INTO item VALUES (1)");
		}
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> postgres.dataSource("inventory", "inventory_app", "second-Pa55word").getConnection())
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
		try (Connection connection = postgres.adminConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'inventory'")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getString(1)).isEqualTo("inventory_app");
		}
	}

	@Test
	void stoppedServerRefusesConnectionsAndStartsAgainWithItsDataAndPasswords() throws SQLException {
		postgres.createDatabaseWithOwner("ledger", "ledger_app", "ledger-Pa55word");
		try (Connection connection = postgres.dataSource("ledger", "ledger_app", "ledger-Pa55word").getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE entry (id int PRIMARY KEY)");
			statement.execute("INSERT INTO entry VALUES (7)");
		}
		int port = postgres.port();
		postgres.stop();
		try {
			assertThat(postgres.isRunning()).isFalse();
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> postgres.dataSource("ledger", "ledger_app", "ledger-Pa55word").getConnection())
				.satisfies((ex) -> assertThat(ex.getSQLState()).startsWith("08"));
		}
		finally {
			postgres.startAgain();
		}
		assertThat(postgres.isRunning()).isTrue();
		assertThat(postgres.port()).isEqualTo(port);
		try (Connection connection = postgres.dataSource("ledger", "ledger_app", "ledger-Pa55word").getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT id FROM entry")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getInt(1)).isEqualTo(7);
		}
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> postgres.dataSource("ledger", "ledger_app", "wrong-Pa55word").getConnection())
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
	}

	@Test
	void rdsSecretDescribesTheDatabase() {
		DatabaseSecret secret = DatabaseSecret
			.parse(postgres.rdsSecret("orders", "orders_app", "Pa55word", "arn:aws:secretsmanager:master"));
		assertThat(secret.engine()).isEqualTo("postgres");
		assertThat(secret.host()).isEqualTo("127.0.0.1");
		assertThat(secret.port()).isEqualTo(postgres.port());
		assertThat(secret.dbname()).isEqualTo("orders");
		assertThat(secret.username()).isEqualTo("orders_app");
		assertSameSecret(secret.password(), "Pa55word", "secret.password()");
		assertThat(secret.masterArn()).isEqualTo("arn:aws:secretsmanager:master");
		assertThat(secret.toString()).doesNotContain("Pa55word");
		DatabaseSecret admin = DatabaseSecret.parse(postgres.adminRdsSecret());
		assertThat(admin.username()).isEqualTo("postgres");
		assertSameSecret(admin.password(), postgres.adminPassword(), "admin.password()");
		assertThat(postgres.toString()).doesNotContain(postgres.adminPassword());
	}

}
