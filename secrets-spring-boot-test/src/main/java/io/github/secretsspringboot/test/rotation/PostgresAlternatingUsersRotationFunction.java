package io.github.secretsspringboot.test.rotation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.postgresql.PGConnection;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Rotates between two PostgreSQL users, as the AWS template
 * {@code SecretsManagerRDSPostgreSQLRotationMultiUser} does: each rotation gives a new
 * password to the user that is not current, {@code user} or {@code user_clone}, and makes
 * it current, so the credentials clients hold keep working until the rotation after next.
 * <p>
 * The secret names a master secret in {@code masterarn}, whose credentials setSecret uses
 * to create the clone on the first rotation (with {@code LOGIN}, granted the original
 * user's role so it has the same privileges) and to change passwords afterwards. Before
 * touching anything it checks that the current credentials log in, against a confused
 * deputy.
 */
public final class PostgresAlternatingUsersRotationFunction extends AbstractRotationFunction {

	private static final String CLONE_SUFFIX = "_clone";

	/** PostgreSQL truncates longer identifiers. */
	private static final int MAX_USERNAME_LENGTH = 63;

	public PostgresAlternatingUsersRotationFunction() {
		this(Duration.ZERO);
	}

	private PostgresAlternatingUsersRotationFunction(Duration pauseBeforeFinish) {
		super(pauseBeforeFinish);
	}

	/** A function that waits {@code pause} between testSecret and finishSecret. */
	public PostgresAlternatingUsersRotationFunction withPauseBeforeFinish(Duration pause) {
		return new PostgresAlternatingUsersRotationFunction(pause);
	}

	@Override
	protected String newSecretValue(String currentValue) {
		DatabaseSecret current = PostgresConnections.secret(currentValue);
		return current.withUsername(alternateUsername(current.username()))
			.withPassword(RandomPasswords.generate())
			.toJson();
	}

	@Override
	protected void setSecret(SecretsManagerClient secretsManager, String arn, String token) throws SQLException {
		DatabaseSecret current = PostgresConnections.secret(secretString(secretsManager, arn, AWSCURRENT, null));
		DatabaseSecret pending = PostgresConnections.secret(secretString(secretsManager, arn, AWSPENDING, token));
		if (PostgresConnections.canLogIn(pending)) {
			return;
		}
		if (!alternateUsername(current.username()).equals(pending.username())) {
			throw new IllegalStateException("Attempting to modify user " + pending.username()
					+ " other than current user or clone " + current.username());
		}
		PostgresConnections.requireSameHost(current, pending, "current");
		PostgresConnections.tryConnect(current)
			.orElseThrow(() -> new IllegalStateException(
					"Unable to log into database using current credentials for secret " + arn))
			.close();
		String masterArn = current.masterArn();
		if (masterArn == null) {
			throw new IllegalStateException("masterarn key is missing from secret JSON of secret " + arn);
		}
		DatabaseSecret master = PostgresConnections.secret(secretString(secretsManager, masterArn, AWSCURRENT, null))
			.withDbname(current.dbname());
		PostgresConnections.requireSameHost(master, current, "master");
		try (Connection connection = PostgresConnections.tryConnect(master)
			.orElseThrow(() -> new IllegalStateException(
					"Unable to log into database using credentials in master secret " + masterArn))) {
			setPassword(connection, current.username(), pending);
		}
	}

	@Override
	protected void testSecret(SecretsManagerClient secretsManager, String arn, String token) throws SQLException {
		PostgresConnections.testLogin(PostgresConnections.secret(secretString(secretsManager, arn, AWSPENDING, token)),
				arn);
	}

	/**
	 * Creates the pending user with the current user's privileges if it does not exist
	 * yet.
	 */
	private static void setPassword(Connection connection, String currentUsername, DatabaseSecret pending)
			throws SQLException {
		PGConnection postgres = connection.unwrap(PGConnection.class);
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			if (!roleExists(connection, pending.username())) {
				String pendingRole = postgres.escapeIdentifier(pending.username());
				statement.execute("CREATE ROLE " + pendingRole + " WITH LOGIN");
				postgres.alterUserPassword(pending.username(), pending.password().toCharArray(), null);
				statement.execute("GRANT " + postgres.escapeIdentifier(currentUsername) + " TO " + pendingRole);
			}
			else {
				postgres.alterUserPassword(pending.username(), pending.password().toCharArray(), null);
			}
			connection.commit();
		}
		catch (SQLException | RuntimeException ex) {
			connection.rollback();
			throw ex;
		}
	}

	private static boolean roleExists(Connection connection, String role) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
			query.setString(1, role);
			try (ResultSet result = query.executeQuery()) {
				return result.next();
			}
		}
	}

	static String alternateUsername(String username) {
		if (username.endsWith(CLONE_SUFFIX)) {
			return username.substring(0, username.length() - CLONE_SUFFIX.length());
		}
		String clone = username + CLONE_SUFFIX;
		if (clone.length() > MAX_USERNAME_LENGTH) {
			throw new IllegalArgumentException(
					"Unable to clone user, username length with _clone appended would exceed 63 characters");
		}
		return clone;
	}

}
