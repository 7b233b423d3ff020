package io.github.secretsspringboot.actuate;

import java.util.regex.Pattern;

import io.github.secretsspringboot.config.SecretPropertySource;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Masks every property that came from a secret in {@code /actuator/env} and
 * {@code /actuator/configprops}, whatever its name: Spring Boot masks names that look
 * sensitive ({@code password}, {@code token}), but a secret's {@code host} or
 * {@code api_url} is just as secret. A value that a secret holds is masked under any other
 * name too, as it reaches other properties without coming from the secret's property source:
 * a HikariCP pool's {@code password}, copied from {@code spring.datasource.password}, or a
 * property whose placeholder names a secret's. Numbers and booleans are left alone there:
 * they are settings (a port, a flag), and masking them would hide unrelated settings that
 * happen to have the same value.
 *
 * @author secrets-spring-boot
 */
public final class SecretPropertiesSanitizingFunction implements SanitizingFunction {

	private static final Pattern SETTING = Pattern.compile("\\s*|true|false|-?\\d+(\\.\\d+)?", Pattern.CASE_INSENSITIVE);

	private final ConfigurableEnvironment environment;

	public SecretPropertiesSanitizingFunction(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		return (data.getPropertySource() instanceof SecretPropertySource || isSecretValue(data.getValue()))
				? data.withSanitizedValue() : data;
	}

	private boolean isSecretValue(Object value) {
		if (!(value instanceof CharSequence) || SETTING.matcher((CharSequence) value).matches()) {
			return false;
		}
		String text = value.toString();
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (source instanceof SecretPropertySource secretSource
					&& secretSource.getSource().properties().containsValue(text)) {
				return true;
			}
		}
		return false;
	}

}
