package io.github.secretsspringboot.test.emulator;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The operations the emulator answers, by the name that follows {@code secretsmanager.}
 * in X-Amz-Target.
 */
final class OperationRegistry {

	private final Map<String, Operation> operations = new TreeMap<>();

	OperationRegistry add(String name, Operation operation) {
		if (this.operations.putIfAbsent(name, operation) != null) {
			throw new IllegalStateException("Operation " + name + " is registered twice");
		}
		return this;
	}

	Optional<Operation> find(String name) {
		return Optional.ofNullable(this.operations.get(name));
	}

}
