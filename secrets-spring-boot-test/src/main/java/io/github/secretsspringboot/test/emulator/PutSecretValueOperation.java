package io.github.secretsspringboot.test.emulator;

import java.util.List;
import java.util.regex.Pattern;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PutSecretValue: a new version of an existing secret, labelled AWSCURRENT unless
 * {@code VersionStages} says otherwise. With the token of a rotation, it fills the
 * version RotateSecret created without a value, which is how a rotation function's
 * createSecret step stores the pending value (see {@link SecretVersionWriter}).
 */
final class PutSecretValueOperation implements Operation {

	/** A version carries at most 20 staging labels. */
	static final int MAX_STAGES = 20;

	private static final Pattern ROTATION_TOKEN = Pattern.compile("[a-zA-Z0-9-]+");

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		String secretId = request.secretId();
		SecretValues.NewValue value = SecretValues.read(request);
		List<String> stages = request.strings("VersionStages", 1, MAX_STAGES, 1, 256);
		checkRotationToken(request);
		if (value == null) {
			throw SecretsManagerErrors.invalidRequest("You must provide either SecretString or SecretBinary.");
		}
		String versionId = SecretVersionWriter.versionId(request);
		StoredSecret secret = context.activeSecret(secretId);
		SecretVersionWriter.Written written = SecretVersionWriter.write(context, secret, versionId, value,
				(stages != null) ? stages : List.of(StoredSecret.AWSCURRENT));
		ObjectNode response = context.newResponse(secret);
		response.put("VersionId", written.version().versionId());
		ArrayNode versionStages = response.putArray("VersionStages");
		written.version().stages().forEach(versionStages::add);
		return response;
	}

	/**
	 * {@code RotationToken} identifies a cross-account rotation function to IAM; the
	 * emulator has no IAM to check it against, so only its shape is validated.
	 */
	private static void checkRotationToken(Request request) {
		String rotationToken = request.string("RotationToken", 36, 256);
		if (rotationToken != null && !ROTATION_TOKEN.matcher(rotationToken).matches()) {
			throw SecretsManagerErrors.validation("1 validation error detected: Value at 'rotationToken' failed to "
					+ "satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9\\-]+$");
		}
	}

}
