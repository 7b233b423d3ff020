package io.github.secretsspringboot.test.emulator;

import tools.jackson.databind.node.ObjectNode;

/**
 * GetSecretValue: one version by id, by staging label (AWSCURRENT by default), or both.
 */
final class GetSecretValueOperation implements Operation {

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		String secretId = request.secretId();
		String versionId = request.versionId("VersionId");
		String versionStage = request.string("VersionStage", 1, 256);
		StoredSecret secret = context.activeSecret(secretId);
		SecretVersion version = select(secret, versionId, versionStage);
		ObjectNode response = context.newObject();
		read(context, secret, version, response);
		return response;
	}

	/**
	 * The version a read asks for. With both an id and a stage, the two must name the
	 * same version.
	 */
	static SecretVersion select(StoredSecret secret, String versionId, String versionStage) {
		if (versionId != null) {
			SecretVersion version = secret.version(versionId)
				.orElseThrow(() -> SecretsManagerErrors.resourceNotFound(
						"Secrets Manager can't find the specified secret value for VersionId: " + versionId));
			if (versionStage != null && !version.stages().contains(versionStage)) {
				// The version exists, so the request, not the secret, is at fault.
				throw SecretsManagerErrors
					.invalidRequest("You provided a VersionStage that is not associated to the provided VersionId.");
			}
			if (!version.hasValue()) {
				// The version a rotation has started but whose createSecret step has not
				// stored a value yet.
				throw SecretsManagerErrors.resourceNotFound(
						"Secrets Manager can't find the specified secret value for VersionId: " + versionId);
			}
			return version;
		}
		String stage = (versionStage != null) ? versionStage : StoredSecret.AWSCURRENT;
		return secret.versionWithStage(stage)
			.filter(SecretVersion::hasValue)
			.orElseThrow(() -> SecretsManagerErrors
				.resourceNotFound("Secrets Manager can't find the specified secret value for staging label: " + stage));
	}

	/**
	 * Renders the value, failing as KMS would for an undecryptable secret, and records
	 * the access.
	 */
	static void read(OperationContext context, StoredSecret secret, SecretVersion version, ObjectNode target) {
		if (context.control().isUndecryptable(secret)) {
			throw SecretsManagerErrors.decryptionFailure("Secrets Manager can't decrypt the protected secret text "
					+ "using the provided KMS key. Check that the key " + keyOf(secret) + " is enabled and that the "
					+ "caller has kms:Decrypt permission.");
		}
		SecretValues.write(target, secret, version);
		secret.accessed(OperationContext.day(context.now()));
		version.accessed(OperationContext.day(context.now()));
	}

	private static String keyOf(StoredSecret secret) {
		return (secret.kmsKeyId() != null) ? secret.kmsKeyId() : "alias/aws/secretsmanager";
	}

}
