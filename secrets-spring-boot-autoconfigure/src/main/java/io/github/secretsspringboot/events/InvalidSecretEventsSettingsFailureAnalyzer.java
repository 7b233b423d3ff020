package io.github.secretsspringboot.events;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains {@link InvalidSecretEventsSettingsException}: the property and its fix.
 *
 * @author secrets-spring-boot
 */
class InvalidSecretEventsSettingsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSecretEventsSettingsException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSecretEventsSettingsException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction() + ".", cause);
	}

}
