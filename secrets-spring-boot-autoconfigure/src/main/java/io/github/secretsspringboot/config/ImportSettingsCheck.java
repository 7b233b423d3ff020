package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretImportException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Once config data is complete, compares the {@code aws.secrets.*} settings the imports
 * were loaded with to the ones the application ends up with. Spring Boot reads the
 * profile-specific files of the declaring file's location group (its folder and
 * {@code config/} folder, for profiles of groups and included ones too) and the files
 * they import after the imports of {@code application.yml}: a setting there would
 * silently not apply, so the application stops, naming the property and where it is set.
 * Files next to the declaring file are checked earlier, before any request (see
 * {@link ProfileSpecificSettings}).
 *
 * @author secrets-spring-boot
 */
class ImportSettingsCheck implements EnvironmentPostProcessor, Ordered {

	static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

	private final ConfigurableBootstrapContext bootstrapContext;

	ImportSettingsCheck(ConfigurableBootstrapContext bootstrapContext) {
		this.bootstrapContext = bootstrapContext;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	// isRegistered was checked.
	@SuppressWarnings("NullAway")
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!this.bootstrapContext.isRegistered(ImportSettingsSeen.class)) {
			return;
		}
		ImportSettings effective = ImportSettings.of(Binder.get(environment));
		this.bootstrapContext.get(ImportSettingsSeen.class).difference(effective).ifPresent((difference) -> {
			throw ImportFailures.settingNotSeen(difference.location(), difference.property(),
					whereSet(environment, difference.property()));
		});
	}

	/** The file (or other property source) the effective value comes from. */
	private static String whereSet(ConfigurableEnvironment environment, String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			if (found != null) {
				// Config files are named "Config resource 'file [...]' via location
				// '...'".
				return (source.getUnderlyingSource() instanceof PropertySource<?> propertySource)
						? propertySource.getName() : "the environment";
			}
		}
		return "the environment";
	}

}
