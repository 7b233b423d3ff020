package io.github.secretsspringboot.test.emulator;

import tools.jackson.databind.node.ObjectNode;

/** One Secrets Manager API operation, run with the store locked. */
@FunctionalInterface
interface Operation {

	ObjectNode invoke(Request request, OperationContext context);

}
