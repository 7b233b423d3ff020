package io.github.secretsspringboot.test.emulator;

import tools.jackson.databind.node.ObjectNode;

/**
 * CancelRotateSecret: turns rotation off and stops a rotation in progress. Staging labels
 * stay where the rotation left them, as in AWS; the response names the version that a
 * stopped rotation created, whose AWSPENDING label blocks the next rotation until
 * removed. The rotation function and rules are kept, as DescribeSecret still reports
 * them.
 */
final class CancelRotateSecretOperation implements Operation {

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		StoredSecret secret = context.activeSecret(request.secretId());
		secret.rotationEnabled(false);
		secret.nextRotationDate(null);
		secret.changed(context.now());
		context.rotations().cancel(secret.arn());
		ObjectNode response = context.newResponse(secret);
		secret.versionWithStage(StoredSecret.AWSPENDING)
			.filter((version) -> !version.stages().contains(StoredSecret.AWSCURRENT))
			.ifPresent((version) -> response.put("VersionId", version.versionId()));
		return response;
	}

}
