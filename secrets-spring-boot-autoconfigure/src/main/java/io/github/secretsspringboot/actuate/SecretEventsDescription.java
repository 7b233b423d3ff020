package io.github.secretsspringboot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.secretsspringboot.events.SecretEventSource;
import io.github.secretsspringboot.events.SecretEventSource.LastError;

/**
 * The state of the event source as the endpoint and the health contributor show it:
 * queue, state, last event, lag, last error (kind and message of AWS, never a value) and
 * the counts.
 *
 * @author secrets-spring-boot
 */
final class SecretEventsDescription {

	private SecretEventsDescription() {
	}

	static Map<String, Object> describe(SecretEventSource source) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("mode", source.mode());
		SecretsHealthIndicator.put(details, "queue", source.queueUrl());
		details.put("state", source.state().name());
		SecretsHealthIndicator.put(details, "lastEventAt", source.lastEventAt());
		SecretsHealthIndicator.put(details, "lag", source.lag());
		LastError error = source.lastError();
		if (error != null) {
			Map<String, Object> lastError = new LinkedHashMap<>();
			lastError.put("kind", error.kind());
			lastError.put("message", error.message());
			SecretsHealthIndicator.put(lastError, "at", error.at());
			details.put("lastError", lastError);
		}
		details.put("received", source.received());
		details.put("applied", source.applied());
		details.put("ignored", source.ignored());
		details.put("invalid", source.invalid());
		details.put("catchUps", source.catchUps());
		return details;
	}

}
