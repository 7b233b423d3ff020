package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretPropertySource;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a property from a secret that could not be bound, without its value. Spring
 * Boot's own analysis quotes the value, and so do the messages of the causes (the
 * conversion failure, the JDK's {@code NumberFormatException}), which it logs at DEBUG:
 * here the reason names the causes' types only, and the analysis carries an exception
 * without them. It runs before Spring Boot's, and leaves properties from elsewhere to it.
 *
 * @author secrets-spring-boot
 */
class SecretBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		if (property == null || property.getSource() == null
				|| !(property.getSource().getUnderlyingSource() instanceof SecretPropertySource source)) {
			return null;
		}
		String secretId = source.getSecretImport().getSecretId();
		String description = String.format(
				"Failed to bind properties under '%s' to %s:%n%n    Property: %s%n    Value: (withheld: it comes from secret '%s')%n"
						+ "    Origin: %s%n    Reason: %s",
				cause.getName(), cause.getTarget().getType(), property.getName(), secretId,
				source.getSecretImport().describe(), reason(cause));
		String action = "Update secret '" + secretId + "' so that the value of '" + property.getName()
				+ "' can be bound to " + cause.getTarget().getType()
				+ ", or change the import's options so that this key is not imported under that name.";
		IllegalStateException withheld = new IllegalStateException(
				cause.getMessage() + " (the causes are withheld: their messages quote the secret's value)");
		withheld.setStackTrace(cause.getStackTrace());
		return new FailureAnalysis(description, action, withheld);
	}

	/** The types of the causes, whose messages may quote the value. */
	private static String reason(BindException failure) {
		List<String> types = new ArrayList<>();
		for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
			types.add(cause.getClass().getName());
		}
		return types.isEmpty() ? "the value could not be bound"
				: "the value could not be bound (" + String.join(" caused by ", types) + ")";
	}

	@Override
	public int getOrder() {
		// Ahead of Spring Boot's BindFailureAnalyzer, which would show the value.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
