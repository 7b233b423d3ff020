package io.github.secretsspringboot.jdbc;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tells rejected logins from everything else, per database, with synthetic exceptions
 * shaped as each driver throws them.
 */
class AuthenticationFailuresTests {

	@ParameterizedTest(name = "{0}: SQLState {1}, error code {2}")
	@CsvSource(nullValues = "null", value = {
			// PostgreSQL: invalid_password, invalid_authorization_specification (no
			// pg_hba entry, role does not exist)
			"POSTGRESQL, 28P01, 0", "POSTGRESQL, 28000, 0", "REDSHIFT, 28P01, 0", "REDSHIFT, 28000, 0",
			// MySQL and MariaDB: ER_ACCESS_DENIED_ERROR
			"MYSQL, 28000, 1045", "MYSQL, null, 1045", "MARIADB, 28000, 1045", "MARIADB, 28000, 0",
			// SQL Server: login failed for user
			"SQL_SERVER, S0001, 18456", "SQL_SERVER, null, 18456",
			// Oracle: ORA-01017 invalid username/password, ORA-09911, and the thin
			// driver's 17079
			"ORACLE, 72000, 1017", "ORACLE, null, 9911", "ORACLE, null, 17079",
			// Db2: SQLCODE -1403, user name and/or password invalid
			"DB2, 08004, -1403",
			// H2: WRONG_USER_OR_PASSWORD
			"H2, 28000, 28000", "H2, null, 28000", "OTHER, 28000, 0", "OTHER, 28P01, 0" })
	void rejectedLogins(DatabaseKind kind, String sqlState, int errorCode) {
		SQLException failure = new SQLException("login failed", sqlState, errorCode);
		assertThat(AuthenticationFailures.isAuthenticationFailure(failure, kind)).isTrue();
	}

	@ParameterizedTest(name = "{0}: SQLState {1}, error code {2}")
	@CsvSource(nullValues = "null", value = {
			// Connection refused, unable to connect, connection lost: class 08.
			"POSTGRESQL, 08001, 0", "POSTGRESQL, 08006, 0", "POSTGRESQL, 57P03, 0", "POSTGRESQL, 3D000, 0",
			"MYSQL, 08S01, 0", "MYSQL, 42000, 1044", "MARIADB, 08000, 1040", "SQL_SERVER, 08S01, 0",
			"SQL_SERVER, S0001, 4060", "ORACLE, 08006, 17002", "ORACLE, 66000, 12514", "ORACLE, 72000, 28000",
			"DB2, 08001, -4499", "H2, 90067, 90067", "REDSHIFT, 08001, 0", "OTHER, 08001, 0", "OTHER, null, 0",
			// Another database's code means nothing here.
			"POSTGRESQL, null, 1045", "SQL_SERVER, null, 1017", "ORACLE, 28P01, 0", "DB2, null, 18456" })
	void otherFailures(DatabaseKind kind, String sqlState, int errorCode) {
		SQLException failure = new SQLException("failed", sqlState, errorCode);
		assertThat(AuthenticationFailures.isAuthenticationFailure(failure, kind)).isFalse();
	}

	@Test
	void networkFailuresAreNotRejectedLogins() {
		for (DatabaseKind kind : DatabaseKind.values()) {
			assertThat(AuthenticationFailures.isAuthenticationFailure(
					new SQLNonTransientConnectionException("Connection refused", "08001", new ConnectException()),
					kind))
				.isFalse();
			assertThat(AuthenticationFailures.isAuthenticationFailure(
					new SQLTransientConnectionException("Timed out", null, new SocketTimeoutException()), kind))
				.isFalse();
			assertThat(AuthenticationFailures.isAuthenticationFailure(new SQLTimeoutException("Login timeout"), kind))
				.isFalse();
			assertThat(AuthenticationFailures.isAuthenticationFailure(new IOException("reset"), kind)).isFalse();
		}
	}

	@Test
	void walksTheCauseChain() {
		SQLException rejected = new SQLInvalidAuthorizationSpecException("password authentication failed", "28P01");
		RuntimeException wrapped = new RuntimeException("pool", new SQLException("setup", "08001", rejected));
		assertThat(AuthenticationFailures.isAuthenticationFailure(wrapped, DatabaseKind.POSTGRESQL)).isTrue();
	}

	@Test
	void readsNextExceptions() {
		SQLException first = new SQLException("batch", "08001");
		first.setNextException(new SQLException("Login failed for user 'app'", "S0001", 18456));
		assertThat(AuthenticationFailures.isAuthenticationFailure(first, DatabaseKind.SQL_SERVER)).isTrue();
	}

	@Test
	void isNullSafe() {
		assertThat(AuthenticationFailures.isAuthenticationFailure(null, DatabaseKind.POSTGRESQL)).isFalse();
		assertThat(AuthenticationFailures.isAuthenticationFailure(new SQLException("x", "28P01"), null)).isTrue();
		assertThat(AuthenticationFailures.isAuthenticationFailure(new SQLException((String) null), null)).isFalse();
		assertThat(AuthenticationFailures.isAuthenticationFailure(new RuntimeException((Throwable) null),
				DatabaseKind.MYSQL))
			.isFalse();
	}

	@Test
	void survivesCycles() {
		SQLException a = new SQLException("a", "08001");
		SQLException b = new SQLException("b", "08001", a);
		a.initCause(b);
		a.setNextException(b);
		assertThat(AuthenticationFailures.isAuthenticationFailure(a, DatabaseKind.POSTGRESQL)).isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "jdbc:postgresql://db:5432/app, POSTGRESQL", "jdbc:aws-wrapper:postgresql://db/app, POSTGRESQL",
			"jdbc:mysql://db/app, MYSQL", "jdbc:p6spy:mysql://db/app, MYSQL", "jdbc:mariadb://db/app, MARIADB",
			"jdbc:sqlserver://db:1433;databaseName=app, SQL_SERVER", "jdbc:oracle:thin:@//db:1521/app, ORACLE",
			"jdbc:db2://db:50000/app, DB2", "jdbc:h2:mem:app, H2", "jdbc:redshift://db:5439/app, REDSHIFT",
			"jdbc:sqlite:app.db, OTHER", "org.postgresql.ds.PGSimpleDataSource, POSTGRESQL",
			"com.mysql.cj.jdbc.MysqlDataSource, MYSQL", "org.mariadb.jdbc.MariaDbDataSource, MARIADB",
			"com.microsoft.sqlserver.jdbc.SQLServerDataSource, SQL_SERVER",
			"oracle.jdbc.datasource.impl.OracleDataSource, ORACLE", "com.ibm.db2.jcc.DB2SimpleDataSource, DB2",
			"org.h2.jdbcx.JdbcDataSource, H2", "com.amazon.redshift.jdbc.Driver, REDSHIFT",
			"com.example.Driver, OTHER" })
	void databaseKinds(String hint, DatabaseKind kind) {
		assertThat(DatabaseKind.of(hint)).isEqualTo(kind);
	}

	@Test
	void unknownDatabase() {
		assertThat(DatabaseKind.of(null)).isEqualTo(DatabaseKind.OTHER);
	}

}
