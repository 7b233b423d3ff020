package io.github.secretsspringboot.test.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Operations invoked directly on a store, for states the API cannot reach yet or for
 * checks below the protocol (for example a secret scheduled for deletion).
 */
final class OperationFixture {

	private final JsonMapper json = JsonMapper.builder().build();

	private final EmulatorClock clock = new EmulatorClock(Clock.systemUTC());

	final SecretStore store = new SecretStore("us-east-1", "123456789012", this.clock);

	final EmulatorControl control = new EmulatorControl(this.clock, new SplittableRandom(1));

	/** No rotation function is registered, so no rotation ever needs a client. */
	private final RotationService rotations = new RotationService(this.store, () -> {
		throw new IllegalStateException("Operation fixtures have no client for rotation functions");
	});

	ObjectNode invoke(String operationName, String requestJson) {
		Operation operation = Operations.all()
			.find(operationName)
			.orElseThrow(() -> new IllegalArgumentException(operationName));
		Request request = new Request(this.json.readTree(requestJson));
		OperationContext context = new OperationContext(operationName, this.store, this.control, this.rotations);
		return this.store.locked(() -> operation.invoke(request, context));
	}

	void create(String name, String value) {
		invoke("CreateSecret", this.json.createObjectNode().put("Name", name).put("SecretString", value).toString());
	}

	void scheduleDeletion(String name) {
		StoredSecret secret = this.store.byName(name).orElseThrow();
		secret.scheduleDeletion(this.clock.instant(), this.clock.instant().plus(Duration.ofDays(7)));
	}

}
