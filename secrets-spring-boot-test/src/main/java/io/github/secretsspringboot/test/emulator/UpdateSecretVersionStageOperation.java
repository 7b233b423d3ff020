package io.github.secretsspringboot.test.emulator;

import java.util.Optional;

import tools.jackson.databind.node.ObjectNode;

/**
 * UpdateSecretVersionStage: moves a staging label to a version ({@code MoveToVersionId}) or
 * removes it from one ({@code RemoveFromVersionId} alone). A label attached elsewhere moves
 * only when the request names the version it leaves; moving AWSCURRENT moves AWSPREVIOUS to
 * the version it left.
 */
final class UpdateSecretVersionStageOperation implements Operation {

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		String secretId = request.secretId();
		String stage = request.requiredString("VersionStage", 1, 256);
		String removeFrom = request.versionId("RemoveFromVersionId");
		String moveTo = request.versionId("MoveToVersionId");
		StoredSecret secret = context.activeSecret(secretId);
		Optional<SecretVersion> holder = secret.versionWithStage(stage);
		if (removeFrom != null && (holder.isEmpty() || !holder.get().versionId().equals(removeFrom))) {
			throw SecretsManagerErrors.invalidParameter("The staging label " + stage
					+ " is not attached to the version " + removeFrom + ", so you can't remove it.");
		}
		if (moveTo != null) {
			secret.version(moveTo)
				.orElseThrow(() -> SecretsManagerErrors.resourceNotFound(
						"Secrets Manager can't find the specified secret version: " + moveTo));
			if (holder.isPresent() && !holder.get().versionId().equals(moveTo) && removeFrom == null) {
				throw SecretsManagerErrors.invalidParameter("The staging label " + stage
						+ " is currently attached to version " + holder.get().versionId()
						+ ", so you must explicitly reference that version in RemoveFromVersionId.");
			}
			secret.moveStage(stage, moveTo);
		}
		else if (removeFrom != null) {
			if (StoredSecret.AWSCURRENT.equals(stage)) {
				throw SecretsManagerErrors.invalidParameter(
						"You can only move the staging label AWSCURRENT to another version, not remove it.");
			}
			holder.get().stages().remove(stage);
		}
		else {
			throw SecretsManagerErrors.invalidParameter("You must specify MoveToVersionId, RemoveFromVersionId or both.");
		}
		secret.changed(context.now());
		ObjectNode response = context.newObject();
		response.put("ARN", secret.arn());
		response.put("Name", secret.name());
		return response;
	}

}
