package io.github.secretsspringboot.test.emulator;

import java.time.Duration;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A rotation function that waits before one step and does no rotation work: long enough a
 * pause keeps a rotation running, with its AWSPENDING version still without a value.
 */
final class PausingRotationFunction implements RotationFunction {

	private final RotationStep step;

	private final Duration pause;

	PausingRotationFunction(RotationStep step, Duration pause) {
		this.step = step;
		this.pause = pause;
	}

	@Override
	public void handle(RotationEvent event, SecretsManagerClient secretsManager) {
	}

	@Override
	public Duration pauseBefore(RotationStep candidate) {
		return (candidate == this.step) ? this.pause : Duration.ZERO;
	}

}
