package io.github.secretsspringboot.test.emulator;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * UntagResource: removes tags from a secret by key. Keys the secret does not have are
 * ignored, which makes the operation idempotent. The response has no members.
 */
final class UntagResourceOperation implements Operation {

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		String secretId = request.secretId();
		request.require("TagKeys");
		List<String> keys = Tags.readKeys(request);
		StoredSecret secret = context.activeSecret(secretId);
		keys.forEach(secret.tags()::remove);
		secret.changed(context.now());
		return context.newObject();
	}

}
