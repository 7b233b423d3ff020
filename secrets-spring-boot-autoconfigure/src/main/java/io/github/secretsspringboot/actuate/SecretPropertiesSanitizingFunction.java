package io.github.secretsspringboot.actuate;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.github.secretsspringboot.core.SecretPropertySource;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Masks every property that came from a secret in {@code /actuator/env} and
 * {@code /actuator/configprops}, whatever its name: Spring Boot masks names that look
 * sensitive ({@code password}, {@code token}), but a secret's {@code host} or
 * {@code api_url} is just as secret. A value that a secret holds is masked under any
 * other name too, as it reaches other properties without coming from the secret's
 * property source: a HikariCP pool's {@code password}, copied from
 * {@code spring.datasource.password}, a property whose placeholder names a secret's with
 * text around it, or a bean bound before a rotation that still holds the previous
 * version's value. Numbers and booleans are left alone there: they are settings (a port,
 * a flag), and masking them would hide unrelated settings that happen to have the same
 * value.
 *
 * @author secrets-spring-boot
 */
final class SecretPropertiesSanitizingFunction implements SanitizingFunction {

	private static final Pattern SETTING = Pattern.compile("\\s*|true|false|-?\\d+(\\.\\d+)?",
			Pattern.CASE_INSENSITIVE);

	private final ConfigurableEnvironment environment;

	/**
	 * Every value the secrets have held since startup: a bean bound at startup keeps the
	 * value of a version that a rotation has since replaced in the environment.
	 */
	private final Set<String> secretValues = ConcurrentHashMap.newKeySet();

	public SecretPropertiesSanitizingFunction(ConfigurableEnvironment environment) {
		this.environment = environment;
		rememberSecretValues();
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		return (data.getPropertySource() instanceof SecretPropertySource || containsSecretValue(data.getValue()))
				? data.withSanitizedValue() : data;
	}

	/**
	 * Whether {@code value} holds a secret's value, whole or within text around it (as a
	 * placeholder such as {@code jdbc:postgresql://${db.host}/orders} puts it).
	 */
	private boolean containsSecretValue(@Nullable Object value) {
		if (!(value instanceof CharSequence) || SETTING.matcher((CharSequence) value).matches()) {
			return false;
		}
		rememberSecretValues();
		String text = value.toString();
		for (String secretValue : this.secretValues) {
			if (text.contains(secretValue)) {
				return true;
			}
		}
		return false;
	}

	/** Adds the current values, as refresh replaces them, before they are shown. */
	private void rememberSecretValues() {
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (source instanceof SecretPropertySource secretSource) {
				for (Object secretValue : secretSource.getSource().properties().values()) {
					if (secretValue instanceof CharSequence text && !SETTING.matcher(text).matches()) {
						this.secretValues.add(text.toString());
					}
				}
			}
		}
	}

}
