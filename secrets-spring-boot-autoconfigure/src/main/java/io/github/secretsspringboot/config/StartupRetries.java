package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretErrorKind;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * Runs startup requests until they succeed, fail for good, or the startup budget is
 * spent. The SDK's retry strategy retries each call a few times; this keeps a transient
 * outage shorter than {@code aws.secrets.startup-timeout} from failing the application.
 * Waits are scheduled, never slept, and every call is bounded by the time left.
 */
final class StartupRetries {

	private static final BackoffStrategy BACKOFF = BackoffStrategy.exponentialDelay(Duration.ofMillis(100),
			Duration.ofSeconds(5));

	private final Executor executor;

	private final Instant deadline;

	private final AtomicInteger requests = new AtomicInteger();

	StartupRetries(Executor executor, Instant deadline) {
		this.executor = executor;
		this.deadline = deadline;
	}

	/**
	 * Calls {@code request} with the time left, retrying transient failures while time
	 * remains.
	 */
	<T> CompletableFuture<T> call(Function<Duration, T> request) {
		CompletableFuture<T> result = new CompletableFuture<>();
		attempt(request, 1, result);
		return result;
	}

	/** How many requests were sent, retries included. */
	int requests() {
		return this.requests.get();
	}

	Duration remaining() {
		Duration left = Duration.between(Instant.now(), this.deadline);
		return left.isNegative() ? Duration.ZERO : left;
	}

	private <T> void attempt(Function<Duration, T> request, int attempt, CompletableFuture<T> result) {
		this.executor.execute(() -> {
			try {
				this.requests.incrementAndGet();
				result.complete(request.apply(remaining()));
			}
			catch (RuntimeException ex) {
				Duration delay = BACKOFF.computeDelay(attempt);
				if (SecretErrorKind.of(ex).isTransient() && remaining().compareTo(delay) > 0) {
					Executor later = CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS,
							this.executor);
					later.execute(() -> attempt(request, attempt + 1, result));
				}
				else {
					result.completeExceptionally(ex);
				}
			}
		});
	}

}
