package io.github.secretsspringboot.refresh;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What an operator sees of a running application: the {@code secrets} health contributor,
 * the starter's meters (read from the application's own beans, as the Actuator endpoints
 * read them) and the warnings in its log.
 */
final class ActuatorReadings {

	private ActuatorReadings() {
	}

	/** The {@code secrets} health contributor's answer now. */
	static Health health(ConfigurableApplicationContext context) {
		return context.getBean("secretsHealthIndicator", HealthIndicator.class).health();
	}

	static String status(ConfigurableApplicationContext context) {
		return health(context).getStatus().getCode();
	}

	/** The health details of the one import of {@code secretId}. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> secretHealth(ConfigurableApplicationContext context, String secretId) {
		Map<String, Object> secrets = (Map<String, Object>) health(context).getDetails().get("secrets");
		return (Map<String, Object>) secrets.get(secretId);
	}

	/**
	 * The count of {@code aws.secrets.refresh.checks} of a secret with an outcome and
	 * error tag.
	 */
	static double checks(ConfigurableApplicationContext context, String secretId, String outcome, String error) {
		Counter counter = meters(context).find("aws.secrets.refresh.checks")
			.tags("secret", secretId, "outcome", outcome, "error", error)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	/** The count of {@code aws.secrets.changes} of a secret, whatever the cause. */
	static double changes(ConfigurableApplicationContext context, String secretId) {
		return meters(context).find("aws.secrets.changes")
			.tag("secret", secretId)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	/** The {@code aws.secrets.staleness} gauge of a secret, in seconds. */
	static double stalenessSeconds(ConfigurableApplicationContext context, String secretId) {
		TimeGauge gauge = meters(context).get("aws.secrets.staleness").tag("secret", secretId).timeGauge();
		return gauge.value(TimeUnit.SECONDS);
	}

	private static MeterRegistry meters(ConfigurableApplicationContext context) {
		return context.getBean(MeterRegistry.class);
	}

	/**
	 * Lines logged at WARN or ERROR since {@code from} (a length of the output earlier).
	 */
	static List<String> warningsAndErrors(CapturedOutput output, int from) {
		return output.toString()
			.substring(from)
			.lines()
			.filter((line) -> line.contains(" WARN ") || line.contains(" ERROR "))
			.toList();
	}

	/** The refresher's warnings about {@code secretId} among {@code lines}. */
	static List<String> refreshWarnings(List<String> lines, String secretId) {
		return lines.stream()
			.filter((line) -> line.contains(" WARN ") && line.contains("Could not refresh secret '" + secretId + "'"))
			.toList();
	}

}
