package io.github.secretsspringboot.test.emulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of one rotation in flight: which steps it runs, which have completed, and how
 * it ended. Thread-safe; each change publishes a new {@link RotationOutcome}.
 */
final class RotationRun {

	private final String secretArn;

	private final String token;

	private final RotationOutcome.Kind kind;

	private final RotationFunction function;

	private final List<RotationStep> steps;

	private final List<RotationStep> completed = new ArrayList<>();

	private RotationOutcome.Status status = RotationOutcome.Status.RUNNING;

	private RotationStep current;

	private RotationStep failedStep;

	private String errorType;

	RotationRun(String secretArn, String token, RotationOutcome.Kind kind, RotationFunction function) {
		this.secretArn = secretArn;
		this.token = token;
		this.kind = kind;
		this.function = function;
		this.steps = (kind == RotationOutcome.Kind.ROTATION) ? List.of(RotationStep.values())
				: List.of(RotationStep.TEST_SECRET);
		this.current = this.steps.get(0);
	}

	String secretArn() {
		return this.secretArn;
	}

	String token() {
		return this.token;
	}

	RotationOutcome.Kind kind() {
		return this.kind;
	}

	RotationFunction function() {
		return this.function;
	}

	/** The step to run after {@code step}, or {@code null} after the last. */
	RotationStep stepAfter(RotationStep step) {
		int index = this.steps.indexOf(step);
		return (index + 1 < this.steps.size()) ? this.steps.get(index + 1) : null;
	}

	RotationStep firstStep() {
		return this.steps.get(0);
	}

	synchronized boolean isRunning() {
		return this.status == RotationOutcome.Status.RUNNING;
	}

	synchronized void stepStarting(RotationStep step) {
		this.current = step;
	}

	synchronized void stepCompleted(RotationStep step) {
		this.completed.add(step);
	}

	/**
	 * Ends the run unless it has already ended (a cancellation wins over a late result).
	 */
	synchronized boolean end(RotationOutcome.Status status, RotationStep failedStep, String errorType) {
		if (this.status != RotationOutcome.Status.RUNNING) {
			return false;
		}
		this.status = status;
		this.current = null;
		this.failedStep = failedStep;
		this.errorType = errorType;
		return true;
	}

	synchronized RotationOutcome outcome() {
		return new RotationOutcome(this.secretArn, this.token, this.kind, this.status, this.current, this.completed,
				this.failedStep, this.errorType);
	}

	@Override
	public String toString() {
		return "RotationRun[" + this.secretArn + " " + this.token + " " + this.kind + "]";
	}

}
