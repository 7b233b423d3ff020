package io.github.secretsspringboot.actuate;

import java.util.Locale;
import java.util.function.ToLongFunction;

import io.github.secretsspringboot.jdbc.DatabaseKind;
import io.github.secretsspringboot.jdbc.SecretsDataSourceState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of the HikariCP pools whose credentials follow a secret, read from
 * {@link SecretsDataSourceState} when scraped: credential swaps, soft evictions, logins
 * the database rejected (by kind of database) and connections opened with AWSPENDING's
 * credentials during a rotation window. Forced refreshes after a rejected login are
 * counted by {@code aws.secrets.refresh.forced} with cause {@code CREDENTIALS_REJECTED}.
 *
 * @author secrets-spring-boot
 */
final class SecretsDataSourceMetrics implements SecretsMetricsBinder {

	static final String DATABASE_TAG = "database";

	private final SecretsDataSourceState state;

	SecretsDataSourceMetrics(SecretsDataSourceState state) {
		this.state = state;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, "datasource.credential.swaps", "Times a pool was given its secret's new credentials",
				SecretsDataSourceState::getCredentialSwaps);
		counter(registry, "datasource.soft.evictions", "Soft evictions of a pool's connections after a swap",
				SecretsDataSourceState::getSoftEvictions);
		counter(registry, "datasource.pending.fallbacks",
				"Connections opened with the AWSPENDING version's credentials during a rotation window",
				SecretsDataSourceState::getPendingFallbacks);
		for (DatabaseKind kind : DatabaseKind.values()) {
			FunctionCounter
				.builder(PREFIX + ".datasource.authentication.failures", this.state,
						(state) -> state.getAuthenticationFailures().getOrDefault(kind, 0L))
				.description("Logins the database rejected while opening a pooled connection")
				.tag(DATABASE_TAG, kind.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
	}

	private void counter(MeterRegistry registry, String name, String description,
			ToLongFunction<SecretsDataSourceState> value) {
		FunctionCounter.builder(PREFIX + "." + name, this.state, (state) -> value.applyAsLong(state))
			.description(description)
			.register(registry);
	}

}
