package io.github.secretsspringboot.refresh;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Waits between checks: the interval, and after failures an exponentially growing wait up
 * to a maximum, each lengthened or shortened at random by the jitter share.
 *
 * @author secrets-spring-boot
 */
final class Backoff {

	private final Duration interval;

	private final Duration max;

	private final double jitter;

	private final RandomGenerator random;

	private final int lastStep;

	Backoff(Duration interval, Duration max, double jitter, RandomGenerator random) {
		this.interval = interval;
		this.max = (max.compareTo(interval) > 0) ? max : interval;
		this.jitter = jitter;
		this.random = random;
		int step = 1;
		while (step < 32 && unjittered(step).compareTo(this.max) < 0) {
			step++;
		}
		this.lastStep = step;
	}

	Duration interval() {
		return this.interval;
	}

	/** The wait until the next periodic check. */
	Duration nextCycle() {
		return jittered(this.interval);
	}

	/**
	 * The wait until the next check of a secret whose rotation is under way (AWSPENDING
	 * on a version that is not AWSCURRENT): a quarter of the interval, at least 250 ms
	 * and at most the interval, so that the new AWSCURRENT is found well within one
	 * interval of the rotation's end.
	 */
	Duration duringRotation() {
		Duration quarter = this.interval.dividedBy(4);
		Duration floor = Duration.ofMillis(250);
		Duration wait = (quarter.compareTo(floor) > 0) ? quarter : floor;
		return jittered((wait.compareTo(this.interval) < 0) ? wait : this.interval);
	}

	/**
	 * The step of backoff that {@code consecutiveFailures} failures reach: it grows with
	 * each failure until the wait reaches the maximum, then stays.
	 */
	int step(int consecutiveFailures) {
		return Math.min(Math.max(consecutiveFailures, 1), this.lastStep);
	}

	/**
	 * The wait after {@code consecutiveFailures} failures in a row: interval × 2^(n-1),
	 * capped.
	 */
	Duration afterFailures(int consecutiveFailures) {
		return jittered(unjittered(step(consecutiveFailures)));
	}

	private Duration unjittered(int step) {
		Duration wait = this.interval.multipliedBy(1L << Math.min(step - 1, 30));
		return (wait.compareTo(this.max) < 0) ? wait : this.max;
	}

	private Duration jittered(Duration wait) {
		if (this.jitter == 0.0) {
			return wait;
		}
		double factor = 1.0 + this.jitter * (2.0 * this.random.nextDouble() - 1.0);
		return Duration.ofNanos((long) (wait.toNanos() * factor));
	}

}
