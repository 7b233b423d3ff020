package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.ValueFreeViolation;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains {@code @Validated} properties that violate their constraints when one of them
 * comes from a secret, without the values. Spring Boot's own analysis quotes each
 * rejected value, and so does the exception, which it logs at DEBUG: here every property
 * is named with its origin and constraint, and the analysis carries an exception without
 * the values. It runs before Spring Boot's, and leaves failures of properties from
 * elsewhere only to it.
 *
 * @author secrets-spring-boot
 */
class SecretBindValidationFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> implements Ordered {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		ValidationErrors errors = cause.getValidationErrors();
		StringBuilder description = new StringBuilder();
		String secretId = null;
		for (ValueFreeViolation violation : ValueFreeViolation.of(errors)) {
			if (violation.name() == null) {
				description.append(String.format("%n    Object: %s%n    Reason: violates @%s%n", errors.getName(),
						violation.code()));
				continue;
			}
			ConfigurationProperty property = violation.property();
			String secret = violation.secretId();
			secretId = (secretId != null) ? secretId : secret;
			String origin = (secret != null) ? "secret '" + secret + "'"
					: (property != null && property.getOrigin() != null) ? property.getOrigin().toString() : "unknown";
			description.append(String.format(
					"%n    Property: %s%n    Value: (withheld)%n    Origin: %s%n" + "    Reason: violates @%s%s%n",
					violation.name(), origin, violation.code(), violation.constraintMessage()));
		}
		if (secretId == null) {
			return null;
		}
		String action = "Update secret '" + secretId
				+ "' (or the other origins named above) so that the values meet the constraints of " + errors.getName()
				+ ", or change the constraints.";
		IllegalStateException withheld = new IllegalStateException("Binding to target " + errors.getName()
				+ " failed validation (the causes are withheld: their messages quote the secret's value)");
		withheld.setStackTrace(cause.getStackTrace());
		return new FailureAnalysis("Binding to target " + errors.getName() + " failed:\n" + description, action,
				withheld);
	}

	@Override
	public int getOrder() {
		// Ahead of Spring Boot's BindValidationFailureAnalyzer, which would show the
		// values.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
