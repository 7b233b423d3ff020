package io.github.secretsspringboot.events;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters of event-driven refresh follow the event source's counts.
 */
class SecretEventsMeterBinderTests {

	@Test
	void metersFollowTheCounts() {
		EventStats stats = new EventStats("queue", Clock.systemUTC());
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new SecretEventsMeterBinder(stats).bindTo(registry);
		for (int i = 0; i < 4; i++) {
			stats.countReceived();
		}
		stats.countApplied();
		stats.countIgnored(EventStats.NOT_IMPORTED);
		stats.countIgnored(EventStats.NOT_IMPORTED);
		stats.countInvalid();
		stats.countCatchUp();
		stats.delay(Duration.ofMillis(750));
		assertThat(registry.get("aws.secrets.events.received").functionCounter().count()).isEqualTo(4);
		assertThat(registry.get("aws.secrets.events.applied").functionCounter().count()).isEqualTo(1);
		assertThat(registry.get("aws.secrets.events.ignored").tag("reason", "not-imported").functionCounter().count())
			.isEqualTo(2);
		assertThat(registry.get("aws.secrets.events.ignored").tag("reason", "foreign").functionCounter().count())
			.isZero();
		for (String reason : new String[] { "label-not-followed", "announced-by-label-event", "no-change" }) {
			assertThat(registry.get("aws.secrets.events.ignored").tag("reason", reason).functionCounter().count())
				.as(reason)
				.isZero();
		}
		assertThat(registry.get("aws.secrets.events.invalid").functionCounter().count()).isEqualTo(1);
		assertThat(registry.get("aws.secrets.events.catch-ups").functionCounter().count()).isEqualTo(1);
		assertThat(registry.get("aws.secrets.events.delay").timer().count()).isEqualTo(1);
		assertThat(registry.get("aws.secrets.events.delay").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(750);
	}

}
