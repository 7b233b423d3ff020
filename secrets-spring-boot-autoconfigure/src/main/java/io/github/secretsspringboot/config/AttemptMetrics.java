package io.github.secretsspringboot.config;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Reads the metrics the SDK publishes at the end of each call it is attached to: how many
 * requests were sent, those of the SDK's own retry strategy included (a call tried three
 * times is three requests to Secrets Manager, not one), and what the last failed attempt
 * ran into. Attached to each startup request, so it works with any client, one supplied
 * by the application too.
 *
 * @author secrets-spring-boot
 */
final class AttemptMetrics implements MetricPublisher {

	/** The SDK's name for the metrics of one attempt, a child of those of the call. */
	private static final String ATTEMPT = "ApiCallAttempt";

	private final AtomicInteger attempts = new AtomicInteger();

	private volatile @Nullable Unavailability lastFailure;

	@Override
	public void publish(MetricCollection metrics) {
		metrics.children().stream().filter((child) -> ATTEMPT.equals(child.name())).forEach((attempt) -> {
			this.attempts.incrementAndGet();
			attempt.metricValues(CoreMetric.ERROR_TYPE).forEach(this::failed);
		});
	}

	/**
	 * Remembers a failed attempt's error, but not a timeout: the attempt under way when
	 * the time allowed runs out ends with one, whatever the attempts before it ran into.
	 */
	private void failed(String errorType) {
		Unavailability failure = ofErrorType(errorType);
		if (failure != null) {
			this.lastFailure = failure;
		}
	}

	/** The requests counted so far. */
	int count() {
		return this.attempts.get();
	}

	/**
	 * The failure of a call, or, for one cut short by a time limit while the SDK was
	 * retrying attempts that were throttled, failed or found no connection, a
	 * {@link StartupBudgetSpentException} that says so: the timeout that ended the
	 * retries would hide why they were made.
	 */
	Throwable explain(Throwable failure) {
		Unavailability attempts = this.lastFailure;
		boolean cutShort = failure instanceof ApiCallTimeoutException
				|| failure instanceof ApiCallAttemptTimeoutException
				|| (failure instanceof TimeoutException && !(failure instanceof StartupBudgetSpentException));
		if (cutShort && attempts != null) {
			return new StartupBudgetSpentException(attempts, failure);
		}
		return failure;
	}

	/**
	 * The SDK's error types {@code Throttling}, {@code ServerError} and {@code IO}; not
	 * {@code ConfiguredTimeout} nor {@code Other}.
	 */
	private static @Nullable Unavailability ofErrorType(String errorType) {
		return switch (errorType) {
			case "Throttling" -> Unavailability.THROTTLED;
			case "ServerError" -> Unavailability.SERVER_ERROR;
			case "IO" -> Unavailability.CONNECTION_FAILED;
			default -> null;
		};
	}

	@Override
	public void close() {
	}

}
