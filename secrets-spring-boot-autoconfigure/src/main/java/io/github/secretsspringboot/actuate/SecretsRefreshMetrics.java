package io.github.secretsspringboot.actuate;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.secretsspringboot.refresh.RefreshCause;
import io.github.secretsspringboot.refresh.RefreshResult;
import io.github.secretsspringboot.refresh.SecretChange;
import io.github.secretsspringboot.refresh.SecretsRefreshListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;

/**
 * The refresher's meters: {@code aws.secrets.refresh.cycles},
 * {@code aws.secrets.refresh.checks}, {@code aws.secrets.changes},
 * {@code aws.secrets.refresh.forced} and {@code aws.secrets.staleness}.
 *
 * @author secrets-spring-boot
 */
final class SecretsRefreshMetrics implements SecretsMetricsBinder, SecretsRefreshListener {

	static final String CYCLES = PREFIX + ".refresh.cycles";

	static final String CHECKS = PREFIX + ".refresh.checks";

	static final String CHANGES = PREFIX + ".changes";

	static final String FORCED = PREFIX + ".refresh.forced";

	static final String STALENESS = PREFIX + ".staleness";

	private final SecretsInventory inventory;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	SecretsRefreshMetrics(SecretsInventory inventory) {
		this.inventory = inventory;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registries.add(registry);
		if (this.inventory.registry() == null) {
			return;
		}
		Set<String> secretIds = new LinkedHashSet<>();
		this.inventory.registry().getStates().forEach((state) -> secretIds.add(state.secretId()));
		for (String secretId : secretIds) {
			TimeGauge
				.builder(STALENESS, this.inventory, TimeUnit.MILLISECONDS,
						(inventory) -> staleness(inventory, secretId))
				.description("Time since the secret's values were last confirmed current by a successful check "
						+ "(or by loading, before the first check)")
				.tag(SECRET_TAG, secretId)
				.register(registry);
		}
	}

	private static double staleness(SecretsInventory inventory, String secretId) {
		Duration staleness = inventory.staleness(secretId);
		return (staleness != null) ? staleness.toNanos() / 1_000_000.0 : Double.NaN;
	}

	@Override
	public void forcedRefreshRequested(String secretId, RefreshCause cause, boolean started) {
		for (MeterRegistry registry : this.registries) {
			Counter.builder(FORCED)
				.description("Forced refreshes asked for; SHARED ones got the result of a check in flight or "
						+ "of a recent one")
				.tag(SECRET_TAG, secretId)
				.tag(CAUSE_TAG, cause.name())
				.tag(OUTCOME_TAG, started ? "STARTED" : "SHARED")
				.register(registry)
				.increment();
		}
	}

	@Override
	// A failed result has an error.
	@SuppressWarnings("NullAway")
	public void cycleCompleted(RefreshCause cause, List<RefreshResult> results, Duration duration) {
		boolean failed = results.stream().anyMatch(RefreshResult::failed);
		for (MeterRegistry registry : this.registries) {
			Timer.builder(CYCLES)
				.description("Refresh cycles: checks of the secrets that were due, or of those a forced refresh named")
				.tag(CAUSE_TAG, cause.name())
				.tag(OUTCOME_TAG, failed ? "FAILURE" : "SUCCESS")
				.register(registry)
				.record(duration);
			for (RefreshResult result : results) {
				Counter.builder(CHECKS)
					.description("Checks of a secret for a new version")
					.tag(SECRET_TAG, result.secretId())
					.tag(OUTCOME_TAG, result.failed() ? "FAILURE" : "SUCCESS")
					.tag(ERROR_TAG, result.failed() ? result.error().name() : NONE)
					.register(registry)
					.increment();
				for (SecretChange change : result.changes()) {
					Counter.builder(CHANGES)
						.description("New versions of imported secrets put in force, one per import")
						.tag(SECRET_TAG, change.secretId())
						.tag(CAUSE_TAG, cause.name())
						.register(registry)
						.increment();
				}
			}
		}
	}

}
