package io.github.secretsspringboot.test.rotation;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.secretsspringboot.test.emulator.RotationFunction;
import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.emulator.RotationStep;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;

/**
 * Starts rotations of an emulator's secrets from a test, as AWS would run them:
 * RotateSecret answers at once and the four steps run in the background. Each method
 * returns the rotation's token (the new version's id); wait for the outcome with
 * {@link SecretsManagerEmulator#rotation(String)}, for example with Awaitility:
 * <pre class="code">
 * String token = SecretRotations.rotateSingleUser(emulator, "prod/app/db");
 * await().until(() -&gt; emulator.rotation(token).orElseThrow(), RotationOutcome::isSucceeded);
 * </pre> The database rotations change the password (or the user) in the PostgreSQL
 * database that the secret describes, in the RDS format ({@code host}, {@code port},
 * {@code dbname}, {@code username}, {@code password}, and {@code masterarn} for
 * alternating users).
 *
 * @author secrets-spring-boot
 */
public final class SecretRotations {

	private static final AtomicInteger functions = new AtomicInteger();

	private SecretRotations() {
	}

	/** Rotates a database secret by giving its user a new password. */
	public static String rotateSingleUser(SecretsManagerEmulator emulator, String secretId) {
		return rotate(emulator, secretId, new PostgresSingleUserRotationFunction());
	}

	/**
	 * Rotates a database secret by switching between two users (the second one named with
	 * a {@code _clone} suffix), the master secret named by {@code masterarn} creating
	 * them.
	 */
	public static String rotateAlternatingUsers(SecretsManagerEmulator emulator, String secretId) {
		return rotate(emulator, secretId, new PostgresAlternatingUsersRotationFunction());
	}

	/**
	 * Starts a rotation that fails at {@code step}, leaving what a failed AWS rotation
	 * leaves (an {@code AWSPENDING} version once createSecret has run).
	 */
	public static String rotateFailingAt(SecretsManagerEmulator emulator, String secretId, RotationStep step) {
		return rotate(emulator, secretId, FailingRotationFunction.at(step, new PostgresSingleUserRotationFunction()));
	}

	/** Rotates with any function, registered under a Lambda ARN of its own. */
	public static String rotate(SecretsManagerEmulator emulator, String secretId, RotationFunction function) {
		String lambdaArn = "arn:aws:lambda:" + emulator.region() + ":" + emulator.accountId()
				+ ":function:test-rotation-" + functions.incrementAndGet();
		emulator.registerRotationFunction(lambdaArn, function);
		return rotate(emulator, secretId, lambdaArn);
	}

	/**
	 * Rotates with the function registered under {@code lambdaArn}, for example one of
	 * {@link BuiltInRotationFunctions}.
	 */
	public static String rotate(SecretsManagerEmulator emulator, String secretId, String lambdaArn) {
		return emulator.client()
			.rotateSecret((request) -> request.secretId(secretId)
				.rotationLambdaARN(lambdaArn)
				.rotationRules((rules) -> rules.automaticallyAfterDays(30L)))
			.versionId();
	}

	/** The id of the version that carries AWSCURRENT, as DescribeSecret tells it. */
	public static String currentVersion(SecretsManagerEmulator emulator, String secretId) {
		return emulator.client()
			.describeSecret((describe) -> describe.secretId(secretId))
			.versionIdsToStages()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().contains("AWSCURRENT"))
			.findFirst()
			.orElseThrow()
			.getKey();
	}

	/** Whether the rotation started with {@code token} has ended, successfully or not. */
	public static boolean isDone(SecretsManagerEmulator emulator, String token) {
		return emulator.rotation(token).map(RotationOutcome::isDone).orElse(false);
	}

}
