package io.github.secretsspringboot.config;

import java.util.concurrent.TimeoutException;

/**
 * The time allowed for a call ran out while the SDK was retrying requests that failed:
 * what those requests ran into (throttling, server errors, failed connections) is the
 * cause to report, not the timeout that ended the retries.
 *
 * @author secrets-spring-boot
 */
final class StartupBudgetSpentException extends TimeoutException {

	private final Unavailability attempts;

	StartupBudgetSpentException(Unavailability attempts, Throwable timeout) {
		super("the time allowed ran out while failed requests were being retried: " + timeout.getMessage());
		initCause(timeout);
		this.attempts = attempts;
	}

	/** What the retried requests ran into. */
	Unavailability getAttempts() {
		return this.attempts;
	}

}
