package io.github.secretsspringboot.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The {@code aws.secrets.*} settings an import is loaded with, as one binder sees them:
 * {@code enabled} and those of the client. The others (refresh, health, data sources) are
 * read from the complete environment.
 *
 * @author secrets-spring-boot
 */
final class ImportSettings {

	static final String ENABLED = "aws.secrets.enabled";

	private static final List<String> CLIENT = List.of("aws.secrets.region", "aws.secrets.endpoint",
			"aws.secrets.fips-enabled", "aws.secrets.dualstack-enabled", "aws.secrets.api-call-timeout",
			"aws.secrets.startup-timeout", "aws.secrets.credentials.profile", "aws.secrets.credentials.sts.role-arn",
			"aws.secrets.credentials.sts.session-name", "aws.secrets.retry.max-attempts");

	private final Map<String, String> values;

	private ImportSettings(Map<String, String> values) {
		this.values = values;
	}

	static ImportSettings of(Binder binder) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put(ENABLED, bind(binder, ENABLED));
		CLIENT.forEach((name) -> values.put(name, bind(binder, name)));
		return new ImportSettings(values);
	}

	private static @Nullable String bind(Binder binder, String name) {
		return binder.bind(name, Bindable.of(String.class)).orElse(null);
	}

	boolean isEnabled() {
		return !"false".equalsIgnoreCase(this.values.get(ENABLED));
	}

	/** The first client setting that {@code other} sets differently. */
	Optional<String> clientDifference(ImportSettings other) {
		return CLIENT.stream()
			.filter((name) -> !Objects.equals(this.values.get(name), other.values.get(name)))
			.findFirst();
	}

	// Values are not shown: credentials settings are among them.
	@Override
	public String toString() {
		return "ImportSettings" + this.values.keySet();
	}

}
