package io.github.secretsspringboot.test.emulator;

/**
 * Every operation the emulator serves. One line per operation keeps additions easy to
 * review.
 */
final class Operations {

	private Operations() {
	}

	static OperationRegistry all() {
		OperationRegistry registry = new OperationRegistry();
		registry.add("CreateSecret", new CreateSecretOperation());
		registry.add("GetSecretValue", new GetSecretValueOperation());
		registry.add("PutSecretValue", new PutSecretValueOperation());
		registry.add("UpdateSecret", new UpdateSecretOperation());
		registry.add("UpdateSecretVersionStage", new UpdateSecretVersionStageOperation());
		registry.add("DescribeSecret", new DescribeSecretOperation());
		registry.add("ListSecretVersionIds", new ListSecretVersionIdsOperation());
		registry.add("DeleteSecret", new DeleteSecretOperation());
		registry.add("RestoreSecret", new RestoreSecretOperation());
		registry.add("TagResource", new TagResourceOperation());
		registry.add("UntagResource", new UntagResourceOperation());
		registry.add("BatchGetSecretValue", new BatchGetSecretValueOperation());
		registry.add("ListSecrets", new ListSecretsOperation());
		registry.add("RotateSecret", new RotateSecretOperation());
		registry.add("CancelRotateSecret", new CancelRotateSecretOperation());
		return registry;
	}

}
