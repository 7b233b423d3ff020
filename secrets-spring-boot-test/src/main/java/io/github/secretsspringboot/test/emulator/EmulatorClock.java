package io.github.secretsspringboot.test.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The emulator's notion of now: the system clock plus an offset that tests move forward
 * to reach recovery windows, rotation dates and staleness thresholds without waiting.
 */
final class EmulatorClock extends Clock {

	private final Clock base;

	private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

	EmulatorClock(Clock base) {
		this.base = base;
	}

	void advance(Duration amount) {
		this.offset.updateAndGet((current) -> current.plus(amount));
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("The emulator clock is always UTC");
	}

	@Override
	public Instant instant() {
		return this.base.instant().plus(this.offset.get());
	}

}
