package io.github.secretsspringboot.benchmarks;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Microseconds since the epoch, from the wall clock once and the monotonic clock after,
 * so that the harness and the probe (two JVMs on one machine) put their events on one
 * time line and a wall-clock step cannot reorder the events of one of them.
 */
final class EpochMicros {

	private static final long BASE_MICROS = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());

	private static final long BASE_NANOS = System.nanoTime();

	private EpochMicros() {
	}

	static long now() {
		return of(System.nanoTime());
	}

	/** The time of a {@link System#nanoTime()} reading of this JVM. */
	static long of(long nanoTime) {
		return BASE_MICROS + (nanoTime - BASE_NANOS) / 1_000;
	}

}
