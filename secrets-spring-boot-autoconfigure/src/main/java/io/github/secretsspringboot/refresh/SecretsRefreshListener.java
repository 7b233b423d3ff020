package io.github.secretsspringboot.refresh;

import java.time.Duration;
import java.util.List;

/**
 * Told what the refresher does, for metrics and the like. Every bean of this type is
 * called, on the refresher's threads (and on the caller's for a forced refresh request):
 * it must be quick and must not block. A listener that throws is logged and ignored.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public interface SecretsRefreshListener {

	/**
	 * A forced refresh of one secret was asked for.
	 * @param secretId the secret as named in its imports
	 * @param cause why
	 * @param started {@code true} when it started a check, {@code false} when it shares
	 * the check in flight or gets the result of one completed within
	 * {@code aws.secrets.refresh.forced-refresh-min-spacing}
	 */
	default void forcedRefreshRequested(String secretId, RefreshCause cause, boolean started) {
	}

	/**
	 * A refresh cycle completed, after its changes were applied and published.
	 * @param cause why it ran: {@link RefreshCause#SCHEDULE} for a periodic cycle
	 * @param results the outcome of each secret checked in it
	 * @param duration how long the checks took
	 */
	default void cycleCompleted(RefreshCause cause, List<RefreshResult> results, Duration duration) {
	}

}
