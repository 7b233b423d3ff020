package io.github.secretsspringboot.refresh;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Backoff}: waits grow by doubling after failures up to the maximum, are
 * shorter during a rotation, and spread by the jitter share.
 */
class BackoffTests {

	private final Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(80), 0.0,
			new SplittableRandom(1));

	@Test
	void failuresDoubleTheWaitUpToTheMaximum() {
		assertThat(this.backoff.afterFailures(1)).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.backoff.afterFailures(2)).isEqualTo(Duration.ofSeconds(20));
		assertThat(this.backoff.afterFailures(3)).isEqualTo(Duration.ofSeconds(40));
		assertThat(this.backoff.afterFailures(4)).isEqualTo(Duration.ofSeconds(80));
		assertThat(this.backoff.afterFailures(5)).isEqualTo(Duration.ofSeconds(80));
		assertThat(this.backoff.afterFailures(1000)).isEqualTo(Duration.ofSeconds(80));
	}

	@Test
	void theStepStopsGrowingOnceTheWaitReachesTheMaximum() {
		assertThat(this.backoff.step(0)).isOne();
		assertThat(this.backoff.step(1)).isOne();
		assertThat(this.backoff.step(3)).isEqualTo(3);
		assertThat(this.backoff.step(4)).isEqualTo(4);
		assertThat(this.backoff.step(50)).isEqualTo(4);
	}

	@Test
	void aMaximumBelowTheIntervalIsTheInterval() {
		Backoff quick = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(5), 0.0, new SplittableRandom(1));
		assertThat(quick.afterFailures(3)).isEqualTo(Duration.ofSeconds(30));
		assertThat(quick.step(3)).isOne();
	}

	@Test
	void duringARotationTheWaitIsAQuarterOfTheIntervalWithinBounds() {
		assertThat(this.backoff.duringRotation()).isEqualTo(Duration.ofMillis(2500));
		assertThat(new Backoff(Duration.ofMillis(600), Duration.ofSeconds(5), 0.0, new SplittableRandom(1))
			.duringRotation()).isEqualTo(Duration.ofMillis(250));
		assertThat(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 0.0, new SplittableRandom(1))
			.duringRotation()).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void withoutJitterTheCycleIsTheInterval() {
		assertThat(this.backoff.nextCycle()).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.backoff.interval()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void jitterSpreadsEveryWaitWithinItsShare() {
		Backoff jittered = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(80), 0.2, new SplittableRandom(7));
		Set<Duration> cycles = new HashSet<>();
		for (int i = 0; i < 500; i++) {
			Duration cycle = jittered.nextCycle();
			assertThat(cycle).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
			assertThat(jittered.afterFailures(10)).isBetween(Duration.ofSeconds(64), Duration.ofSeconds(96));
			cycles.add(cycle);
		}
		assertThat(cycles).hasSizeGreaterThan(100);
	}

}
