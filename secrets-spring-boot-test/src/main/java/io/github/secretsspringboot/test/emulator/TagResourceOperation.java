package io.github.secretsspringboot.test.emulator;

import tools.jackson.databind.node.ObjectNode;

/**
 * TagResource: adds tags to a secret, replacing the value of keys it already has. The
 * response has no members.
 */
final class TagResourceOperation implements Operation {

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		String secretId = request.secretId();
		request.require("Tags");
		Tags.Parsed tags = Tags.read(request);
		StoredSecret secret = context.activeSecret(secretId);
		tags.addTo(secret);
		secret.changed(context.now());
		return context.newObject();
	}

}
