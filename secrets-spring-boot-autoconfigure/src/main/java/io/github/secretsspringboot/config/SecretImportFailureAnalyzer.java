package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretImportException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a failed {@code aws-secret:} import: which secret, why, and what to do.
 *
 * @author secrets-spring-boot
 */
class SecretImportFailureAnalyzer extends AbstractFailureAnalyzer<SecretImportException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SecretImportException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
