package io.github.secretsspringboot.jdbc;

import java.util.LinkedHashSet;
import java.util.Set;

import io.github.secretsspringboot.core.SecretPropertySource;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.util.PropertyPlaceholderHelper;
import org.springframework.util.SystemPropertyUtils;

/**
 * Tells which imported secrets a property's value is made of, following its placeholders
 * ({@code ${db.password}}, nested ones, defaults) to the property sources that supply
 * them, as the environment resolves them.
 *
 * @author secrets-spring-boot
 */
final class SecretReferences {

	private static final PropertyPlaceholderHelper placeholders = new PropertyPlaceholderHelper(
			SystemPropertyUtils.PLACEHOLDER_PREFIX, SystemPropertyUtils.PLACEHOLDER_SUFFIX,
			SystemPropertyUtils.VALUE_SEPARATOR, SystemPropertyUtils.ESCAPE_CHARACTER, true);

	private final ConfigurableEnvironment environment;

	SecretReferences(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	/**
	 * The imports that supply {@code name} or any property its value refers to, in the
	 * order met; empty when no secret has a part in it, or when its placeholders cannot
	 * be followed (a circular reference).
	 */
	Set<SecretPropertySource> of(String name) {
		Set<SecretPropertySource> secrets = new LinkedHashSet<>();
		Object value = rawValue(name, secrets);
		if (value instanceof String text) {
			try {
				placeholders.replacePlaceholders(text, (placeholder) -> {
					Object referenced = rawValue(placeholder, secrets);
					return (referenced != null) ? referenced.toString() : null;
				});
			}
			catch (IllegalArgumentException ex) {
				return Set.of();
			}
		}
		return secrets;
	}

	/**
	 * The secret imports holding {@code value} under any key, in the environment's order.
	 */
	Set<SecretPropertySource> holding(@Nullable String value) {
		Set<SecretPropertySource> secrets = new LinkedHashSet<>();
		if (value == null || value.isEmpty()) {
			return secrets;
		}
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (source instanceof SecretPropertySource secretSource && holds(secretSource, value)) {
				secrets.add(secretSource);
			}
		}
		return secrets;
	}

	private static boolean holds(EnumerablePropertySource<?> source, String value) {
		for (String name : source.getPropertyNames()) {
			Object held = source.getProperty(name);
			if (held != null && value.equals(held.toString())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The unresolved value of {@code name} from the first source that has it (relaxed
	 * names included, as binding and the environment read it), noting the import that
	 * supplied it.
	 */
	private @Nullable Object rawValue(String name, Set<SecretPropertySource> secrets) {
		if (!ConfigurationPropertyName.isValid(name)) {
			return exactValue(name, secrets);
		}
		ConfigurationPropertyName property = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty value = source.getConfigurationProperty(property);
			if (value != null) {
				if (source.getUnderlyingSource() instanceof SecretPropertySource secretSource) {
					secrets.add(secretSource);
				}
				return value.getValue();
			}
		}
		return null;
	}

	private @Nullable Object exactValue(String name, Set<SecretPropertySource> secrets) {
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
				continue;
			}
			Object value = source.getProperty(name);
			if (value != null) {
				if (source instanceof SecretPropertySource secretSource) {
					secrets.add(secretSource);
				}
				return value;
			}
		}
		return null;
	}

}
