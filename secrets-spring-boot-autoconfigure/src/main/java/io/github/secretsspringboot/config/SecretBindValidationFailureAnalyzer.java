package io.github.secretsspringboot.config;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Explains {@code @Validated} properties that violate their constraints when one of them comes
 * from a secret, without the values. Spring Boot's own analysis quotes each rejected value, and
 * so does the exception, which it logs at DEBUG: here every property is named with its origin
 * and constraint, and the analysis carries an exception without the values. It runs before
 * Spring Boot's, and leaves failures of properties from elsewhere only to it.
 *
 * @author secrets-spring-boot
 */
class SecretBindValidationFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException>
		implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		ValidationErrors errors = cause.getValidationErrors();
		StringBuilder description = new StringBuilder();
		String secretId = null;
		for (ObjectError error : errors.getAllErrors()) {
			if (!(error instanceof FieldError fieldError)) {
				description.append(String.format("%n    Object: %s%n    Reason: violates @%s%n", errors.getName(),
						error.getCode()));
				continue;
			}
			ConfigurationPropertyName name = propertyName(errors.getName(), fieldError.getField());
			ConfigurationProperty property = boundProperty(errors, name);
			String secret = secretId(property);
			secretId = (secretId != null) ? secretId : secret;
			String origin = (secret != null) ? "secret '" + secret + "'"
					: (property != null && property.getOrigin() != null) ? property.getOrigin().toString() : "unknown";
			description.append(String.format("%n    Property: %s%n    Value: (withheld)%n    Origin: %s%n"
					+ "    Reason: violates @%s%s%n", name, origin, error.getCode(), constraintMessage(fieldError)));
		}
		if (secretId == null) {
			return null;
		}
		String action = "Update secret '" + secretId
				+ "' (or the other origins named above) so that the values meet the constraints of "
				+ errors.getName() + ", or change the constraints.";
		IllegalStateException withheld = new IllegalStateException("Binding to target " + errors.getName()
				+ " failed validation (the causes are withheld: their messages quote the secret's value)");
		withheld.setStackTrace(cause.getStackTrace());
		return new FailureAnalysis("Binding to target " + errors.getName() + " failed:\n" + description, action,
				withheld);
	}

	private static ConfigurationPropertyName propertyName(ConfigurationPropertyName prefix, String field) {
		ConfigurationPropertyName name = ConfigurationPropertyName
			.adapt(DataObjectPropertyName.toDashedForm(field), '.');
		return name.isEmpty() ? prefix : prefix.append(name);
	}

	private static ConfigurationProperty boundProperty(ValidationErrors errors, ConfigurationPropertyName name) {
		for (ConfigurationProperty property : errors.getBoundProperties()) {
			if (property.getName().equals(name)) {
				return property;
			}
		}
		return null;
	}

	private static String secretId(ConfigurationProperty property) {
		if (property != null && property.getSource() != null
				&& property.getSource().getUnderlyingSource() instanceof SecretPropertySource source) {
			return source.getSecretImport().getSecretId();
		}
		return null;
	}

	/** The constraint's message, unless it quotes the rejected value. */
	private static String constraintMessage(FieldError error) {
		String message = error.getDefaultMessage();
		String value = (error.getRejectedValue() != null) ? error.getRejectedValue().toString() : "";
		if (message == null || (!value.isEmpty() && message.contains(value))) {
			return "";
		}
		return " (" + message + ")";
	}

	@Override
	public int getOrder() {
		// Ahead of Spring Boot's BindValidationFailureAnalyzer, which would show the values.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
