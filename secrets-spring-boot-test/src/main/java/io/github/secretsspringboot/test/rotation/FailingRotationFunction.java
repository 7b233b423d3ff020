package io.github.secretsspringboot.test.rotation;

import java.time.Duration;

import io.github.secretsspringboot.test.emulator.PendingLabelAfterFinish;
import io.github.secretsspringboot.test.emulator.RotationEvent;
import io.github.secretsspringboot.test.emulator.RotationFunction;
import io.github.secretsspringboot.test.emulator.RotationStep;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A rotation function that fails at one step, for testing how an application copes with a
 * rotation that goes wrong. Steps before that one are left to a delegate, so that the
 * failure happens where it would in production: failing at testSecret after a real
 * setSecret leaves the database on the new password while AWSCURRENT keeps the old one
 * and AWSPENDING stays on the new version.
 */
public final class FailingRotationFunction implements RotationFunction {

	private final RotationStep failingStep;

	private final RotationFunction delegate;

	private FailingRotationFunction(RotationStep failingStep, RotationFunction delegate) {
		this.failingStep = failingStep;
		this.delegate = delegate;
	}

	/**
	 * Runs {@code delegate} and fails at testSecret, the usual place for a rotation to
	 * fail.
	 */
	public static FailingRotationFunction atTestSecret(RotationFunction delegate) {
		return at(RotationStep.TEST_SECRET, delegate);
	}

	/**
	 * Runs {@code delegate} for the steps before {@code step} and fails at {@code step}.
	 */
	public static FailingRotationFunction at(RotationStep step, RotationFunction delegate) {
		return new FailingRotationFunction(step, delegate);
	}

	/**
	 * Does nothing before {@code step} and fails there. Failing at createSecret leaves
	 * the AWSPENDING label on a version without a value, as a failed rotation can in AWS.
	 */
	public static FailingRotationFunction at(RotationStep step) {
		return new FailingRotationFunction(step, (event, secretsManager) -> {
		});
	}

	@Override
	public void handle(RotationEvent event, SecretsManagerClient secretsManager) throws Exception {
		if (event.step() == this.failingStep) {
			throw new SimulatedRotationFailure(event.step());
		}
		this.delegate.handle(event, secretsManager);
	}

	@Override
	public Duration pauseBefore(RotationStep step) {
		return this.delegate.pauseBefore(step);
	}

	@Override
	public PendingLabelAfterFinish pendingLabelAfterFinish() {
		return this.delegate.pendingLabelAfterFinish();
	}

	/** What a {@link FailingRotationFunction} throws. */
	public static final class SimulatedRotationFailure extends RuntimeException {

		SimulatedRotationFailure(RotationStep step) {
			super("Simulated failure of the " + step.wireName() + " step");
		}

	}

}
