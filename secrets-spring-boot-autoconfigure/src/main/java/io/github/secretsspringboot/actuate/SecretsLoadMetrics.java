package io.github.secretsspringboot.actuate;

import java.util.concurrent.TimeUnit;

import io.github.secretsspringboot.config.SecretLoadReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;

/**
 * What loading the imported secrets at startup did: {@code aws.secrets.loaded},
 * {@code aws.secrets.loaded.properties}, {@code aws.secrets.skipped},
 * {@code aws.secrets.startup.load} and {@code aws.secrets.startup.requests}.
 *
 * @author secrets-spring-boot
 */
final class SecretsLoadMetrics implements SecretsMetricsBinder {

	private final SecretLoadReport report;

	SecretsLoadMetrics(SecretLoadReport report) {
		this.report = report;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(PREFIX + ".loaded", this.report, (report) -> report.getLoaded().size())
			.description("Imported secrets loaded at startup")
			.register(registry);
		Gauge.builder(PREFIX + ".loaded.properties", this.report, SecretLoadReport::getProperties)
			.description("Properties made from the secrets loaded at startup")
			.register(registry);
		Gauge.builder(PREFIX + ".skipped", this.report, (report) -> report.getSkipped().size())
			.description("Imported secrets that did not load at startup")
			.register(registry);
		TimeGauge
			.builder(PREFIX + ".startup.load", this.report, TimeUnit.MILLISECONDS,
					(report) -> report.getDuration().toNanos() / 1_000_000.0)
			.description("Time spent fetching the imported secrets at startup")
			.register(registry);
		Gauge.builder(PREFIX + ".startup.requests", this.report, SecretLoadReport::getRequests)
			.description("Secrets Manager requests sent to load the imported secrets at startup, retries included")
			.register(registry);
	}

}
