package io.github.secretsspringboot.test.emulator;

import java.util.List;
import java.util.Optional;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PutSecretValue: a new version of a secret, labelled AWSCURRENT unless
 * {@code VersionStages} says otherwise. Idempotent for a repeated token and value. The
 * version RotateSecret created without a value takes the value put with its token, which is
 * how a rotation function's createSecret step stores the pending secret.
 */
final class PutSecretValueOperation implements Operation {

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		String secretId = request.secretId();
		SecretValues.NewValue value = SecretValues.read(request);
		String versionId = SecretValues.versionIdFor(request);
		List<String> stages = request.has("VersionStages") ? request.strings("VersionStages") : List.of();
		if (stages.size() > 20 || stages.stream().anyMatch((stage) -> stage.isEmpty() || stage.length() > 256)) {
			throw SecretsManagerErrors.validation("1 validation error detected: Value at 'versionStages' failed to "
					+ "satisfy constraint: Member must have length between 1 and 20, each of length 1 to 256");
		}
		if (value == null) {
			throw SecretsManagerErrors.invalidRequest("You must provide either SecretString or SecretBinary.");
		}
		StoredSecret secret = context.activeSecret(secretId);
		Optional<SecretVersion> existing = secret.version(versionId);
		if (existing.isPresent() && existing.get().hasValue()) {
			if (!existing.get().hasSameValue(value.secretString(), value.secretBinary())) {
				throw SecretsManagerErrors.resourceExists("You can't use ClientRequestToken " + versionId
						+ " because that value is already in use for a version of secret " + secret.arn() + ".");
			}
			return response(secret, existing.get(), context);
		}
		SecretVersion version = new SecretVersion(versionId, value.secretString(), value.secretBinary(),
				existing.map(SecretVersion::createdDate).orElse(context.now()));
		existing.ifPresent((placeholder) -> version.stages().addAll(placeholder.stages()));
		secret.addVersion(version);
		boolean first = secret.versionWithStage(StoredSecret.AWSCURRENT).isEmpty();
		if (request.has("VersionStages")) {
			stages.forEach((stage) -> secret.moveStage(stage, versionId));
		}
		if (first || !request.has("VersionStages")) {
			secret.moveStage(StoredSecret.AWSCURRENT, versionId);
		}
		secret.changed(context.now());
		return response(secret, version, context);
	}

	private static ObjectNode response(StoredSecret secret, SecretVersion version, OperationContext context) {
		ObjectNode response = context.newObject();
		response.put("ARN", secret.arn());
		response.put("Name", secret.name());
		response.put("VersionId", version.versionId());
		ArrayNode stages = response.putArray("VersionStages");
		version.stages().forEach(stages::add);
		return response;
	}

}
