package io.github.secretsspringboot.test.emulator;

import java.time.Duration;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Stands in for a rotation Lambda function. RotateSecret invokes it once per step
 * ({@code createSecret}, {@code setSecret}, {@code testSecret}, {@code finishSecret})
 * with the event a Lambda would receive, and a Secrets Manager client pointed at the
 * emulator that the function uses exactly as a Lambda uses the real service. Throwing
 * from a step ends the rotation there, leaving the staging labels where AWS would leave
 * them.
 */
@FunctionalInterface
public interface RotationFunction {

	void handle(RotationEvent event, SecretsManagerClient secretsManager) throws Exception;

	/**
	 * How long the emulator waits before invoking {@code step}, {@link Duration#ZERO}
	 * (the default) for no wait. A pause before {@link RotationStep#FINISH_SECRET} keeps
	 * a rotation in the state where the protected service already accepts the new
	 * credentials while AWSCURRENT still holds the old ones, the window clients must
	 * survive. The wait holds no thread and no lock: the next step is scheduled for
	 * later.
	 */
	default Duration pauseBefore(RotationStep step) {
		return Duration.ZERO;
	}

	/**
	 * Whether AWSPENDING stays on the new current version after a successful rotation, or
	 * Secrets Manager takes it off (the default,
	 * {@link PendingLabelAfterFinish#REMOVED}).
	 */
	default PendingLabelAfterFinish pendingLabelAfterFinish() {
		return PendingLabelAfterFinish.REMOVED;
	}

	/**
	 * This function, leaving AWSPENDING as {@code pendingLabel} says after a successful
	 * rotation.
	 */
	default RotationFunction withPendingLabelAfterFinish(PendingLabelAfterFinish pendingLabel) {
		RotationFunction function = this;
		return new RotationFunction() {

			@Override
			public void handle(RotationEvent event, SecretsManagerClient secretsManager) throws Exception {
				function.handle(event, secretsManager);
			}

			@Override
			public Duration pauseBefore(RotationStep step) {
				return function.pauseBefore(step);
			}

			@Override
			public PendingLabelAfterFinish pendingLabelAfterFinish() {
				return pendingLabel;
			}

		};
	}

}
