package io.github.secretsspringboot.test.emulator;

/** Every operation the emulator serves. One line per operation keeps additions easy to review. */
final class Operations {

	private Operations() {
	}

	static OperationRegistry all() {
		OperationRegistry registry = new OperationRegistry();
		registry.add("CreateSecret", new CreateSecretOperation());
		registry.add("GetSecretValue", new GetSecretValueOperation());
		registry.add("PutSecretValue", new PutSecretValueOperation());
		registry.add("UpdateSecretVersionStage", new UpdateSecretVersionStageOperation());
		registry.add("DescribeSecret", new DescribeSecretOperation());
		registry.add("RotateSecret", new RotateSecretOperation());
		registry.add("CancelRotateSecret", new CancelRotateSecretOperation());
		return registry;
	}

}
