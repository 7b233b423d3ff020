package io.github.secretsspringboot.test.rotation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.postgresql.Driver;

/**
 * Logging in to PostgreSQL with the credentials of a {@link DatabaseSecret}, as the AWS
 * PostgreSQL rotation templates do: TLS first with a fallback to a plain connection
 * unless the secret's {@code ssl} member says otherwise, and a five second connect
 * timeout.
 */
final class PostgresConnections {

	private static final Set<String> ENGINES = Set.of("postgres", "aurora-postgresql");

	private static final Driver driver = new Driver();

	private PostgresConnections() {
	}

	/**
	 * Reads a PostgreSQL secret, requiring the members the templates require.
	 * @throws IllegalArgumentException if a member is missing or the engine is not
	 * PostgreSQL
	 */
	static DatabaseSecret secret(String secretString) {
		DatabaseSecret secret = DatabaseSecret.parse(secretString);
		for (String member : new String[] { "host", "username", "password", "engine" }) {
			if (!secret.has(member)) {
				throw new IllegalArgumentException(member + " key is missing from secret JSON");
			}
		}
		if (!ENGINES.contains(secret.engine())) {
			throw new IllegalArgumentException(
					"Database engine must be set to 'postgres' in order to use this rotation function");
		}
		return secret;
	}

	/**
	 * Whether the secret's credentials log in already, which makes setSecret a step that
	 * was done before (a retried rotation).
	 */
	static boolean canLogIn(DatabaseSecret secret) throws SQLException {
		Optional<Connection> connection = tryConnect(secret);
		if (connection.isEmpty()) {
			return false;
		}
		connection.get().close();
		return true;
	}

	/**
	 * The testSecret step of the templates: the pending credentials log in and run a
	 * query.
	 */
	static void testLogin(DatabaseSecret pending, String arn) throws SQLException {
		try (Connection connection = tryConnect(pending).orElseThrow(
				() -> new IllegalStateException("Unable to log into database with pending secret of secret " + arn));
				Statement statement = connection.createStatement()) {
			statement.execute("SELECT now()");
		}
	}

	/**
	 * Refuses to touch a user on another host than {@code known}'s, against a confused
	 * deputy.
	 */
	static void requireSameHost(DatabaseSecret known, DatabaseSecret other, String which) {
		if (!known.host().equals(other.host())) {
			throw new IllegalStateException("Attempting to modify user for host " + other.host() + " other than "
					+ which + " host " + known.host());
		}
	}

	/** A connection with the secret's credentials, or empty when they don't get one. */
	static Optional<Connection> tryConnect(DatabaseSecret secret) {
		try {
			return Optional.of(connect(secret));
		}
		catch (SQLException ex) {
			return Optional.empty();
		}
	}

	static Connection connect(DatabaseSecret secret) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", secret.username());
		properties.setProperty("password", secret.password());
		properties.setProperty("connectTimeout", "5");
		properties.setProperty("ApplicationName", "secrets-manager-rotation");
		Boolean ssl = secret.ssl();
		properties.setProperty("sslmode", (ssl == null) ? "prefer" : ssl ? "verify-full" : "disable");
		String url = "jdbc:postgresql://" + secret.host() + ":" + secret.port() + "/" + secret.dbname();
		Connection connection = driver.connect(url, properties);
		if (connection == null) {
			throw new SQLException("Not a PostgreSQL URL: " + url);
		}
		return connection;
	}

}
