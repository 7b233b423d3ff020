package io.github.secretsspringboot.test.emulator;

import tools.jackson.databind.node.ObjectNode;

/**
 * RestoreSecret: cancels a scheduled deletion, making the secret and its values available
 * again. Restoring a secret that is not scheduled for deletion changes nothing.
 */
final class RestoreSecretOperation implements Operation {

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		StoredSecret secret = context.secret(request.secretId());
		if (secret.isScheduledForDeletion()) {
			secret.restore();
			secret.changed(context.now());
		}
		ObjectNode response = context.newResponse(secret);
		return response;
	}

}
