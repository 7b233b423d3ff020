package io.github.secretsspringboot.test.emulator;

import java.util.Optional;
import java.util.regex.Pattern;

import tools.jackson.databind.node.ObjectNode;

/**
 * CreateSecret: a new secret, with its first version at AWSCURRENT when a value is given.
 */
final class CreateSecretOperation implements Operation {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]+");

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		String name = request.requiredString("Name", 1, 512);
		if (!NAME.matcher(name).matches()) {
			throw SecretsManagerErrors.invalidParameter("Invalid name. Must be a valid name containing alphanumeric "
					+ "characters, or any of the following: -/_+=.@!");
		}
		String description = request.string("Description", 0, 2048);
		String kmsKeyId = request.string("KmsKeyId", 0, 2048);
		SecretValues.NewValue value = SecretValues.read(request);
		String versionId = SecretValues.versionIdFor(request);
		Tags.Parsed tags = Tags.read(request);
		Optional<StoredSecret> existing = context.store().byName(name);
		if (existing.isPresent()) {
			return retriedCreate(existing.get(), value, versionId, context);
		}
		StoredSecret secret = context.store().create(name);
		secret.description(description);
		secret.kmsKeyId(kmsKeyId);
		tags.applyTo(secret);
		ObjectNode response = context.newResponse(secret);
		if (value != null) {
			secret.addVersion(new SecretVersion(versionId, value.secretString(), value.secretBinary(), context.now()));
			secret.moveStage(StoredSecret.AWSCURRENT, versionId);
			response.put("VersionId", versionId);
		}
		return response;
	}

	/**
	 * A repeated CreateSecret with the same token and value succeeds without change (the
	 * SDK retries with the same token); anything else is a conflict.
	 */
	private ObjectNode retriedCreate(StoredSecret secret, SecretValues.NewValue value, String versionId,
			OperationContext context) {
		if (secret.isScheduledForDeletion()) {
			throw SecretsManagerErrors.invalidRequest("You can't create this secret because a secret with this name "
					+ "is already scheduled for deletion.");
		}
		Optional<SecretVersion> version = secret.version(versionId);
		if (value != null && version.isPresent()
				&& version.get().hasSameValue(value.secretString(), value.secretBinary())) {
			ObjectNode response = context.newResponse(secret);
			response.put("VersionId", versionId);
			return response;
		}
		throw SecretsManagerErrors
			.resourceExists("The operation failed because the secret " + secret.name() + " already exists.");
	}

}
