package io.github.secretsspringboot.test.emulator;

import java.util.List;

/**
 * Where one rotation started by RotateSecret stands, for tests to wait on instead of
 * sleeping. Holds no secret value, and no exception message, as either could carry one.
 *
 * @param secretArn the ARN of the rotated secret
 * @param clientRequestToken the token of the rotation, also the id of its new version
 * @param kind a rotation, or the test of a rotation configuration that RotateSecret runs
 * when {@code RotateImmediately} is {@code false}
 * @param status running, succeeded, failed or cancelled
 * @param currentStep while running, the step being invoked or waited for; otherwise
 * {@code null}
 * @param completedSteps the steps that returned normally, in order
 * @param failedStep the step that threw, or {@code null}
 * @param errorType what the failed step threw: the AWS error code of a Secrets Manager
 * error (such as {@code ResourceNotFoundException}), otherwise the simple name of the
 * exception class; {@code null} unless failed
 */
public record RotationOutcome(String secretArn, String clientRequestToken, Kind kind, Status status,
		RotationStep currentStep, List<RotationStep> completedSteps, RotationStep failedStep, String errorType) {

	public RotationOutcome {
		completedSteps = List.copyOf(completedSteps);
	}

	public boolean isRunning() {
		return this.status == Status.RUNNING;
	}

	public boolean isSucceeded() {
		return this.status == Status.SUCCEEDED;
	}

	public boolean isFailed() {
		return this.status == Status.FAILED;
	}

	/** Whether the rotation has ended, in whichever way. */
	public boolean isDone() {
		return this.status != Status.RUNNING;
	}

	/** Why the rotation function was invoked. */
	public enum Kind {

		/**
		 * All four steps, started by RotateSecret with {@code RotateImmediately} left
		 * {@code true}.
		 */
		ROTATION,

		/**
		 * Only {@code testSecret}, against an AWSPENDING version without a value that is
		 * removed again afterwards: what RotateSecret does with {@code RotateImmediately}
		 * set to {@code false} to check the rotation configuration. A function that reads
		 * the pending value in testSecret, as the AWS templates do, fails this test with
		 * {@code ResourceNotFoundException}; nothing else changes.
		 */
		CONFIGURATION_TEST

	}

	/** How far a rotation got. */
	public enum Status {

		RUNNING, SUCCEEDED, FAILED,

		/** Stopped by CancelRotateSecret before its last step ran. */
		CANCELLED

	}

}
