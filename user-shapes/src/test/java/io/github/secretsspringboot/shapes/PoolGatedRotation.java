package io.github.secretsspringboot.shapes;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.secretsspringboot.test.emulator.RotationEvent;
import io.github.secretsspringboot.test.emulator.RotationFunction;
import io.github.secretsspringboot.test.emulator.RotationStep;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A rotation function that holds its rotation between testSecret and finishSecret (the
 * database already takes only the new password, AWSCURRENT still holds the old one) until
 * the test lets it finish, however long the test takes.
 */
final class PoolGatedRotation implements RotationFunction {

	private static final Duration LONGEST_HOLD = Duration.ofMinutes(2);

	private final RotationFunction delegate;

	private final CountDownLatch finish = new CountDownLatch(1);

	PoolGatedRotation(RotationFunction delegate) {
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
