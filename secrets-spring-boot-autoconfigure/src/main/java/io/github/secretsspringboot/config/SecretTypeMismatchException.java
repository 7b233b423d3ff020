package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretPropertySource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ClassUtils;

/**
 * A value from a secret that could not be converted, told without the value: the secret,
 * its property and the required type only. The original failure, whose message quotes the
 * value, is not kept.
 *
 * @author secrets-spring-boot
 */
final class SecretTypeMismatchException extends TypeMismatchException {

	private static final String WITHHELD = "(withheld)";

	private final String secretId;

	private final String propertyName;

	private SecretTypeMismatchException(@Nullable Class<?> requiredType, String secretId, String propertyName) {
		super(WITHHELD, requiredType, new IllegalArgumentException(
				"the value of property '" + propertyName + "' from secret '" + secretId + "' is withheld"));
		this.secretId = secretId;
		this.propertyName = propertyName;
	}

	String getSecretId() {
		return this.secretId;
	}

	String getSecretPropertyName() {
		return this.propertyName;
	}

	@Nullable String getRequiredTypeName() {
		return (getRequiredType() != null) ? ClassUtils.getQualifiedName(getRequiredType()) : "the required type";
	}

	/**
	 * The failure without its value when the value holds a secret's value, or
	 * {@code null}.
	 */
	// matchName is set with match.
	@SuppressWarnings("NullAway")
	static @Nullable SecretTypeMismatchException of(TypeMismatchException failure, @Nullable Object value,
			ConfigurableEnvironment environment) {
		if (value == null) {
			return null;
		}
		String text = value.toString();
		SecretPropertySource match = null;
		String matchName = null;
		int matchLength = 0;
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source instanceof SecretPropertySource secret) {
				for (String name : secret.getPropertyNames()) {
					Object property = secret.getProperty(name);
					String candidate = (property != null) ? property.toString() : "";
					// The longest value found in the text names the property best.
					if (!candidate.isEmpty() && candidate.length() > matchLength && text.contains(candidate)) {
						match = secret;
						matchName = name;
						matchLength = candidate.length();
					}
				}
			}
		}
		if (match == null) {
			return null;
		}
		SecretTypeMismatchException withheld = new SecretTypeMismatchException(failure.getRequiredType(),
				match.getSecretImport().getSecretId(), matchName);
		withheld.setStackTrace(failure.getStackTrace());
		return withheld;
	}

}
