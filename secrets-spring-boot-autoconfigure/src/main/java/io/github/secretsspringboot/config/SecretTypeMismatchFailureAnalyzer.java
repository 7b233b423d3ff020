package io.github.secretsspringboot.config;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a value from a secret that could not be converted for injection (such as
 * {@code @Value("${db.port}") int port} over text), without the value.
 *
 * @author secrets-spring-boot
 */
class SecretTypeMismatchFailureAnalyzer extends AbstractFailureAnalyzer<SecretTypeMismatchException>
		implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SecretTypeMismatchException cause) {
		String bean = beanName(rootFailure);
		String description = String.format(
				"Failed to convert a value for %s to %s:%n%n    Property: %s%n    Value: (withheld: it comes from secret '%s')",
				(bean != null) ? "bean '" + bean + "'" : "a bean", cause.getRequiredTypeName(),
				cause.getSecretPropertyName(), cause.getSecretId());
		String action = "Update secret '" + cause.getSecretId() + "' so that the value of '"
				+ cause.getSecretPropertyName() + "' can be converted to " + cause.getRequiredTypeName()
				+ ", or inject it as another type.";
		return new FailureAnalysis(description, action, cause);
	}

	private static @Nullable String beanName(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BeanCreationException creation && creation.getBeanName() != null) {
				return creation.getBeanName();
			}
		}
		return null;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
