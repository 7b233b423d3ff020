package io.github.secretsspringboot.test.rotation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.secretsspringboot.test.emulator.PendingLabelAfterFinish;
import io.github.secretsspringboot.test.emulator.RotationFunction;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;

/**
 * Rotation functions that need no database, under Lambda ARNs in the emulator's own
 * region and account. Rotation functions are Java objects, so a client outside the JVM
 * (the AWS CLI, a test in another language) could not give the standalone emulator one:
 * it registers these at startup instead, for {@code RotateSecret --rotation-lambda-arn}
 * to name. Tests in the JVM can register the same set with
 * {@link #registerWith(SecretsManagerEmulator)}.
 * <p>
 * The functions expect a {@code SecretString} that is a JSON object, keep every member
 * they do not rotate, and never log or report a value.
 */
public final class BuiltInRotationFunctions {

	/** Gives the JSON member {@code password} a new random value. */
	public static final String ROTATE_PASSWORD = "emulator-rotate-password";

	/** Gives the JSON member {@code api_key} a new random value. */
	public static final String ROTATE_API_KEY = "emulator-rotate-api-key";

	/**
	 * As {@link #ROTATE_PASSWORD}, and leaves AWSPENDING on the new current version, the
	 * other end state the RotateSecret reference allows (see
	 * {@link PendingLabelAfterFinish}).
	 */
	public static final String ROTATE_PASSWORD_KEEPING_PENDING = "emulator-rotate-password-keep-pending";

	/**
	 * Stores a new {@code password} as AWSPENDING, then fails at testSecret: AWSCURRENT
	 * keeps the old value and the unfinished rotation blocks the next one, as a failed
	 * rotation in AWS does.
	 */
	public static final String FAIL_AT_TEST_SECRET = "emulator-rotation-fails";

	private BuiltInRotationFunctions() {
	}

	/**
	 * The ARN of the built-in function {@code functionName} in the emulator's region and
	 * account.
	 */
	public static String arn(SecretsManagerEmulator emulator, String functionName) {
		return "arn:aws:lambda:" + emulator.region() + ":" + emulator.accountId() + ":function:" + functionName;
	}

	/**
	 * Registers every built-in function with {@code emulator}.
	 * @return the ARNs they are registered under
	 */
	public static List<String> registerWith(SecretsManagerEmulator emulator) {
		List<String> arns = new ArrayList<>();
		functions().forEach((name, function) -> {
			String arn = arn(emulator, name);
			emulator.registerRotationFunction(arn, function);
			arns.add(arn);
		});
		return arns;
	}

	private static Map<String, RotationFunction> functions() {
		Map<String, RotationFunction> functions = new LinkedHashMap<>();
		JsonKeyRotationFunction password = new JsonKeyRotationFunction("password");
		functions.put(ROTATE_PASSWORD, password);
		functions.put(ROTATE_PASSWORD_KEEPING_PENDING,
				password.withPendingLabelAfterFinish(PendingLabelAfterFinish.KEPT));
		functions.put(ROTATE_API_KEY, new JsonKeyRotationFunction("api_key"));
		functions.put(FAIL_AT_TEST_SECRET, FailingRotationFunction.atTestSecret(password));
		return functions;
	}

}
