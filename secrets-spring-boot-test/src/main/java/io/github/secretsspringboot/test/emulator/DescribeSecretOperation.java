package io.github.secretsspringboot.test.emulator;

import tools.jackson.databind.node.ObjectNode;

/**
 * DescribeSecret: a secret's metadata. Unlike the operations on its value, it also
 * answers for a secret scheduled for deletion, which is how callers see its
 * {@code DeletedDate}.
 */
final class DescribeSecretOperation implements Operation {

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		StoredSecret secret = context.secret(request.secretId());
		ObjectNode response = context.newObject();
		SecretDescriptions.describeSecret(response, secret);
		return response;
	}

}
