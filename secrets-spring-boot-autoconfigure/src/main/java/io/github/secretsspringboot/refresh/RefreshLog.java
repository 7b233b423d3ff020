package io.github.secretsspringboot.refresh;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.convert.DurationStyle;

/**
 * Logs what checks found: changes and recoveries at INFO, a failure at WARN once per
 * backoff step (DEBUG otherwise), so that a secret failing for hours does not flood the
 * log. Names, version ids and error descriptions only, never a value.
 *
 * @author secrets-spring-boot
 */
final class RefreshLog {

	private static final Log logger = LogFactory.getLog(SecretsRefresher.class);

	void checked(SecretOutcome outcome, TrackedSecret.Finished finished) {
		String secretId = outcome.secret().secretId();
		for (SecretChange change : outcome.changes()) {
			logger.info("Secret '" + secretId + "' changed: '" + change.source() + "' now holds version "
					+ change.versionId() + ((change.previousVersionId() != null)
							? " (was " + change.previousVersionId() + ")" : " (loaded for the first time)")
					+ ", changed properties " + change.propertyNames());
		}
		ImportOutcome failure = outcome.firstFailure();
		if (failure == null) {
			if (finished.previousFailures() > 0) {
				logger.info("Secret '" + secretId + "' is refreshed again after " + finished.previousFailures()
						+ " failed check" + ((finished.previousFailures() == 1) ? "" : "s"));
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Checked secret '" + secretId + "'");
			}
			return;
		}
		if (finished.warn() || logger.isDebugEnabled()) {
			String message = "Could not refresh secret '" + secretId + "' (" + failure.error() + ": " + failure.detail()
					+ "); '" + failure.trackedImport().name() + "' " + held(failure.trackedImport()) + ". "
					+ finished.consecutiveFailures() + " failed check"
					+ ((finished.consecutiveFailures() == 1) ? "" : "s") + " in a row, next in "
					+ format(finished.nextWait());
			if (finished.warn()) {
				logger.warn(message);
			}
			else {
				logger.debug(message);
			}
		}
	}

	private static String held(TrackedImport tracked) {
		String versionId = tracked.versionIdInUse();
		// An optional import that could not be loaded at startup has no values yet.
		return (versionId != null) ? "keeps the values of version " + versionId : "is not loaded yet";
	}

	/**
	 * Milliseconds below ten seconds, whole seconds from then on. Printed without a unit,
	 * SIMPLE would give milliseconds whatever the length.
	 */
	private static String format(Duration wait) {
		return (wait.toSeconds() < 10)
				? DurationStyle.SIMPLE.print(wait.truncatedTo(ChronoUnit.MILLIS), ChronoUnit.MILLIS)
				: DurationStyle.SIMPLE.print(wait.truncatedTo(ChronoUnit.SECONDS), ChronoUnit.SECONDS);
	}

}
