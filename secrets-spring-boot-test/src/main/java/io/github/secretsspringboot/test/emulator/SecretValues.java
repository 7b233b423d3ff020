package io.github.secretsspringboot.test.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reading, validating and rendering secret values, shared by the operations that create
 * versions (CreateSecret, PutSecretValue, UpdateSecret) and those that return them
 * (GetSecretValue, BatchGetSecretValue).
 */
final class SecretValues {

	/** The documented quota for one secret value, in bytes. */
	static final int MAX_VALUE_BYTES = 65_536;

	private SecretValues() {
	}

	/**
	 * The {@code SecretString}/{@code SecretBinary} pair of a request, or {@code null}
	 * when neither is given.
	 */
	static NewValue read(Request request) {
		String secretString = request.string("SecretString");
		byte[] secretBinary = request.blob("SecretBinary");
		if (secretString != null && secretBinary != null) {
			throw SecretsManagerErrors.invalidParameter(
					"You can't specify both a binary secret value and a string secret value in the same secret.");
		}
		// The API reference gives both members a length of 1 to 65,536: an empty value is
		// refused,
		// not stored as a value that GetSecretValue would then return.
		if (secretString != null && secretString.isEmpty()) {
			throw SecretsManagerErrors.validation("1 validation error detected: Value at 'secretString' failed to "
					+ "satisfy constraint: Member must have length greater than or equal to 1");
		}
		if (secretBinary != null && secretBinary.length == 0) {
			throw SecretsManagerErrors.validation("1 validation error detected: Value at 'secretBinary' failed to "
					+ "satisfy constraint: Member must have length greater than or equal to 1");
		}
		if (secretString != null && secretString.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
			throw SecretsManagerErrors.validation("1 validation error detected: Value at 'secretString' failed to "
					+ "satisfy constraint: Member must have length less than or equal to " + MAX_VALUE_BYTES);
		}
		if (secretBinary != null && secretBinary.length > MAX_VALUE_BYTES) {
			throw SecretsManagerErrors.validation("1 validation error detected: Value at 'secretBinary' failed to "
					+ "satisfy constraint: Member must have length less than or equal to " + MAX_VALUE_BYTES);
		}
		if (secretString == null && secretBinary == null) {
			return null;
		}
		return new NewValue(secretString, secretBinary);
	}

	/**
	 * The request's token, or a new UUID, as the SDKs generate when the caller gives
	 * none.
	 */
	static String versionIdFor(Request request) {
		String token = request.clientRequestToken();
		return (token != null) ? token : UUID.randomUUID().toString();
	}

	/**
	 * Writes the members GetSecretValue and BatchGetSecretValue return for one version.
	 */
	static void write(ObjectNode target, StoredSecret secret, SecretVersion version) {
		OperationContext.named(target, secret.arn(), secret.name());
		target.put("VersionId", version.versionId());
		if (version.secretString() != null) {
			target.put("SecretString", version.secretString());
		}
		else {
			target.put("SecretBinary", Base64.getEncoder().encodeToString(version.secretBinary()));
		}
		ArrayNode stages = target.putArray("VersionStages");
		version.stages().forEach(stages::add);
		target.put("CreatedDate", OperationContext.timestamp(version.createdDate()));
	}

	/** A value to store, exactly one of the two members set. */
	record NewValue(String secretString, byte[] secretBinary) {

		@Override
		public String toString() {
			return "NewValue[" + ((this.secretString != null) ? "string" : "binary") + "]";
		}

	}

}
