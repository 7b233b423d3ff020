package io.github.secretsspringboot.test.emulator;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Rotation functions registered by Lambda ARN, and the rotations they run. */
final class RotationService {

	private final Map<String, RotationFunction> functions = new ConcurrentHashMap<>();

	void register(String lambdaArn, RotationFunction function) {
		this.functions.put(lambdaArn, function);
	}

	Optional<RotationFunction> function(String lambdaArn) {
		return Optional.ofNullable(this.functions.get(lambdaArn));
	}

}
