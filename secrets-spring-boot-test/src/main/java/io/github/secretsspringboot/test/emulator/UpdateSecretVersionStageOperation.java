package io.github.secretsspringboot.test.emulator;

import java.util.Optional;

import tools.jackson.databind.node.ObjectNode;

/**
 * UpdateSecretVersionStage: attaches a staging label to a version, moves it from the
 * version that holds it, or removes it.
 * <p>
 * A label is on one version at a time. Taking it from the version that holds it is only
 * done on purpose: {@code RemoveFromVersionId} must name that version. AWSCURRENT can be
 * moved but never removed, and moving it moves AWSPREVIOUS to the version it left. A
 * version whose last label goes is deprecated.
 */
final class UpdateSecretVersionStageOperation implements Operation {

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		String secretId = request.secretId();
		String stage = request.requiredString("VersionStage", 1, 256);
		String removeFromVersionId = request.versionId("RemoveFromVersionId");
		String moveToVersionId = request.versionId("MoveToVersionId");
		StoredSecret secret = context.activeSecret(secretId);
		SecretVersion removeFrom = (removeFromVersionId != null) ? existingVersion(secret, removeFromVersionId) : null;
		SecretVersion moveTo = (moveToVersionId != null) ? existingVersion(secret, moveToVersionId) : null;
		Optional<SecretVersion> holder = secret.versionWithStage(stage);
		checkRemoveFrom(stage, holder, removeFrom, moveTo);
		if (StoredSecret.AWSCURRENT.equals(stage) && moveTo == null) {
			throw SecretsManagerErrors.invalidParameter("You can't remove the staging label AWSCURRENT from a "
					+ "version without moving it to another version: a secret always has a current version.");
		}
		if (moveTo != null && !moveTo.stages().contains(stage)
				&& moveTo.stages().size() >= PutSecretValueOperation.MAX_STAGES) {
			throw SecretsManagerErrors.limitExceeded("Version " + moveTo.versionId() + " already has "
					+ PutSecretValueOperation.MAX_STAGES + " staging labels, the most a version can have.");
		}
		if (moveTo != null) {
			if (holder.orElse(null) != moveTo) {
				secret.moveStage(stage, moveTo.versionId());
				secret.changed(context.now());
			}
		}
		else if (removeFrom != null) {
			removeFrom.stages().remove(stage);
			secret.changed(context.now());
		}
		ObjectNode response = context.newResponse(secret);
		return response;
	}

	/**
	 * A label attached to another version than the target needs
	 * {@code RemoveFromVersionId} naming that version, and {@code RemoveFromVersionId}
	 * must always name the version that holds the label.
	 */
	private static void checkRemoveFrom(String stage, Optional<SecretVersion> holder, SecretVersion removeFrom,
			SecretVersion moveTo) {
		if (removeFrom == null) {
			if (holder.isPresent() && holder.get() != moveTo) {
				throw SecretsManagerErrors.invalidParameter("The parameter RemoveFromVersionId can't be empty. "
						+ "Staging label " + stage + " is currently attached to version " + holder.get().versionId()
						+ ", so you must explicitly reference that version in RemoveFromVersionId.");
			}
			return;
		}
		if (holder.isEmpty()) {
			throw SecretsManagerErrors.invalidParameter("The staging label " + stage + " is not attached to any "
					+ "version, so it can't be removed from version " + removeFrom.versionId() + ".");
		}
		if (holder.get() != removeFrom) {
			throw SecretsManagerErrors.invalidParameter("RemoveFromVersionId must name the version that currently "
					+ "has the staging label " + stage + ", which is " + holder.get().versionId() + ".");
		}
	}

	private static SecretVersion existingVersion(StoredSecret secret, String versionId) {
		return secret.version(versionId)
			.orElseThrow(() -> SecretsManagerErrors
				.resourceNotFound("Secrets Manager can't find the specified secret value for VersionId: " + versionId));
	}

}
