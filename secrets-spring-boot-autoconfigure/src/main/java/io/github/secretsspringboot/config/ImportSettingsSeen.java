package io.github.secretsspringboot.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The settings each import was resolved with, kept in the bootstrap context until config
 * data is complete, so that a setting the import could not see (a profile-specific file
 * Spring Boot reads after it) is caught by {@link ImportSettingsCheck}.
 *
 * @author secrets-spring-boot
 */
final class ImportSettingsSeen {

	private final Map<String, ImportSettings> imports = new LinkedHashMap<>();

	private @Nullable ImportSettings client;

	private boolean checked;

	/**
	 * Records the settings an import was resolved with. The first enabled import builds
	 * the client that every import is loaded with.
	 */
	synchronized void resolved(String location, ImportSettings settings) {
		this.imports.put(location, settings);
		if (this.client == null && settings.isEnabled()) {
			this.client = settings;
		}
	}

	/**
	 * The first setting an import was loaded without, or empty if all used
	 * {@code effective}. Checked once, at startup: Spring Cloud processes config data
	 * again in the same bootstrap context on a context refresh, where imports keep the
	 * client of the start.
	 */
	synchronized Optional<Difference> difference(ImportSettings effective) {
		if (this.checked) {
			return Optional.empty();
		}
		this.checked = true;
		for (Map.Entry<String, ImportSettings> entry : this.imports.entrySet()) {
			if (entry.getValue().isEnabled() != effective.isEnabled()) {
				return Optional.of(new Difference(entry.getKey(), ImportSettings.ENABLED));
			}
			if (effective.isEnabled() && this.client != null) {
				Optional<String> property = this.client.clientDifference(effective);
				if (property.isPresent()) {
					return Optional.of(new Difference(entry.getKey(), property.get()));
				}
			}
		}
		return Optional.empty();
	}

	record Difference(String location, String property) {
	}

}
