package io.github.secretsspringboot.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

import org.postgresql.PGConnection;

/**
 * The PostgreSQL driver, recording every login: when it ended, the backend's process id,
 * which credentials it used (as a fingerprint, never the values) and the SQLState of a
 * failure. Set as {@code spring.datasource.driver-class-name}, it is what HikariCP opens
 * its physical connections with, whichever library configured the pool, so both are
 * observed the same way. The probe's queries return {@code pg_backend_pid()}, which ties
 * each query to the login of its connection.
 */
public final class RecordingDriver implements Driver {

	private static final List<Login> logins = new ArrayList<>();

	private final Driver delegate = new org.postgresql.Driver();

	@Override
	public Connection connect(String url, Properties info) throws SQLException {
		if (!acceptsURL(url)) {
			return null;
		}
		String fingerprint = fingerprint(info.getProperty("user"), info.getProperty("password"));
		Connection connection;
		try {
			connection = this.delegate.connect(url, info);
		}
		catch (SQLException ex) {
			record(new Login(EpochMicros.now(), 0, fingerprint, (ex.getSQLState() != null) ? ex.getSQLState() : "?"));
			throw ex;
		}
		record(new Login(EpochMicros.now(), connection.unwrap(PGConnection.class).getBackendPID(), fingerprint, null));
		return connection;
	}

	private static void record(Login login) {
		synchronized (logins) {
			logins.add(login);
		}
	}

	/** Every login so far, in the order they ended. */
	static List<Login> logins() {
		synchronized (logins) {
			return List.copyOf(logins);
		}
	}

	/**
	 * A short one-way digest of a username and password, the same in the harness (for a
	 * secret version) and in the probe (for a login), that tells credentials apart
	 * without revealing them.
	 */
	static String fingerprint(String username, String password) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] hash = digest.digest((username + '\n' + password).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public boolean acceptsURL(String url) throws SQLException {
		return this.delegate.acceptsURL(url);
	}

	@Override
	public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
		return this.delegate.getPropertyInfo(url, info);
	}

	@Override
	public int getMajorVersion() {
		return this.delegate.getMajorVersion();
	}

	@Override
	public int getMinorVersion() {
		return this.delegate.getMinorVersion();
	}

	@Override
	public boolean jdbcCompliant() {
		return this.delegate.jdbcCompliant();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.delegate.getParentLogger();
	}

	/**
	 * One login.
	 *
	 * @param micros when it ended, in microseconds since the epoch
	 * @param backendPid the backend's process id, {@code 0} if the login failed
	 * @param fingerprint of the credentials it used
	 * @param sqlState of the failure, {@code null} if it succeeded
	 */
	record Login(long micros, int backendPid, String fingerprint, String sqlState) {

		boolean succeeded() {
			return this.sqlState == null;
		}

		/**
		 * The database rejected the credentials (PostgreSQL's invalid password or
		 * authorization).
		 */
		boolean rejected() {
			return "28P01".equals(this.sqlState) || "28000".equals(this.sqlState);
		}

	}

}
