package io.github.secretsspringboot.jdbc;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.secretsspringboot.test.emulator.RotationEvent;
import io.github.secretsspringboot.test.emulator.RotationFunction;
import io.github.secretsspringboot.test.emulator.RotationStep;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A rotation function that holds its rotation between testSecret and finishSecret until
 * the test lets it finish, so that a test can do what it must inside the rotation window
 * however long that takes.
 */
final class GatedRotation implements RotationFunction {

	private static final Duration LONGEST_HOLD = Duration.ofMinutes(2);

	private final RotationFunction delegate;

	private final CountDownLatch finish = new CountDownLatch(1);

	GatedRotation(RotationFunction delegate) {
		this.delegate = delegate;
	}

	/** Lets the rotation run finishSecret. */
	void finish() {
		this.finish.countDown();
	}

	@Override
	public void handle(RotationEvent event, SecretsManagerClient secretsManager) throws Exception {
		if (event.step() == RotationStep.FINISH_SECRET
				&& !this.finish.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("The test never let the rotation finish");
		}
		this.delegate.handle(event, secretsManager);
	}

	@Override
	public Duration pauseBefore(RotationStep step) {
		return this.delegate.pauseBefore(step);
	}

}
