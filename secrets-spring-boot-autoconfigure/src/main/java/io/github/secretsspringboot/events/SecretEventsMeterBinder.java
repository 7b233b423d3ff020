package io.github.secretsspringboot.events;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The meters of event-driven refresh: events received, applied, ignored (by reason) and
 * invalid, the checks that catch up on events missed, and the delay from an event's time
 * to the new values in force.
 *
 * @author secrets-spring-boot
 */
final class SecretEventsMeterBinder implements MeterBinder {

	private final EventStats stats;

	SecretEventsMeterBinder(EventStats stats) {
		this.stats = stats;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("aws.secrets.events.received", this.stats, EventStats::received)
			.description("Messages received from the events queue")
			.register(registry);
		FunctionCounter.builder("aws.secrets.events.applied", this.stats, EventStats::applied)
			.description("Events that refreshed an imported secret")
			.register(registry);
		for (String reason : this.stats.ignored().keySet()) {
			FunctionCounter.builder("aws.secrets.events.ignored", this.stats, (stats) -> stats.ignoredFor(reason))
				.description("Events that needed nothing done")
				.tag("reason", reason)
				.register(registry);
		}
		FunctionCounter.builder("aws.secrets.events.invalid", this.stats, EventStats::invalid)
			.description("Messages that were no well-formed event, deleted")
			.register(registry);
		FunctionCounter.builder("aws.secrets.events.catch-ups", this.stats, EventStats::catchUps)
			.description("Checks of every import after events may have been missed")
			.register(registry);
		Timer delay = Timer.builder("aws.secrets.events.delay")
			.description("Time from an event to the new values in force")
			.register(registry);
		this.stats.onDelay(delay::record);
	}

}
