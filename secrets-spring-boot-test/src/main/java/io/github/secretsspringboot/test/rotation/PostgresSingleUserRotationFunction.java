package io.github.secretsspringboot.test.rotation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

import org.postgresql.PGConnection;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Rotates the password of one PostgreSQL user, logging in as that user, as the AWS
 * template {@code SecretsManagerRDSPostgreSQLRotationSingleUser} does. The old password
 * stops working the moment setSecret changes it, so clients holding it fail until they
 * read the new AWSCURRENT: the case {@link #withPauseBeforeFinish(Duration)} stretches
 * for tests.
 * <p>
 * {@code setSecret} does nothing when the pending password already works; otherwise it
 * logs in with the current password, or else the previous one, and changes the user's
 * password to the pending one, sent as a SCRAM verifier computed on the client.
 * {@code testSecret} logs in with the pending password and runs a query.
 */
public final class PostgresSingleUserRotationFunction extends AbstractRotationFunction {

	public PostgresSingleUserRotationFunction() {
		this(Duration.ZERO);
	}

	private PostgresSingleUserRotationFunction(Duration pauseBeforeFinish) {
		super(pauseBeforeFinish);
	}

	/**
	 * A function that waits {@code pause} between testSecret and finishSecret: meanwhile
	 * the database accepts only the new password while AWSCURRENT still holds the old
	 * one.
	 */
	public PostgresSingleUserRotationFunction withPauseBeforeFinish(Duration pause) {
		return new PostgresSingleUserRotationFunction(pause);
	}

	@Override
	protected String newSecretValue(String currentValue) {
		return PostgresConnections.secret(currentValue).withPassword(RandomPasswords.generate()).toJson();
	}

	@Override
	protected void setSecret(SecretsManagerClient secretsManager, String arn, String token) throws SQLException {
		DatabaseSecret previous = previous(secretsManager, arn);
		DatabaseSecret current = PostgresConnections.secret(secretString(secretsManager, arn, AWSCURRENT, null));
		DatabaseSecret pending = PostgresConnections.secret(secretString(secretsManager, arn, AWSPENDING, token));
		if (PostgresConnections.canLogIn(pending)) {
			return;
		}
		requireSameUserAndHost(current, pending, "current");
		Optional<Connection> login = PostgresConnections.tryConnect(current);
		if (login.isEmpty() && previous != null) {
			requireSameUserAndHost(previous, pending, "previous");
			login = PostgresConnections.tryConnect(previous);
		}
		try (Connection connection = login.orElseThrow(() -> new IllegalStateException(
				"Unable to log into database with previous, current, or pending secret of secret " + arn))) {
			connection.unwrap(PGConnection.class)
				.alterUserPassword(pending.username(), pending.password().toCharArray(), null);
		}
	}

	@Override
	protected void testSecret(SecretsManagerClient secretsManager, String arn, String token) throws SQLException {
		PostgresConnections.testLogin(PostgresConnections.secret(secretString(secretsManager, arn, AWSPENDING, token)),
				arn);
	}

	private static DatabaseSecret previous(SecretsManagerClient secretsManager, String arn) {
		try {
			return PostgresConnections.secret(secretString(secretsManager, arn, AWSPREVIOUS, null));
		}
		catch (ResourceNotFoundException | IllegalArgumentException ex) {
			return null;
		}
	}

	private static void requireSameUserAndHost(DatabaseSecret known, DatabaseSecret pending, String which) {
		if (!known.username().equals(pending.username())) {
			throw new IllegalStateException("Attempting to modify user " + pending.username() + " other than " + which
					+ " user " + known.username());
		}
		PostgresConnections.requireSameHost(known, pending, which);
	}

}
