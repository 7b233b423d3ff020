package io.github.secretsspringboot.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Times every API call of the client the starter builds (retries included) and hands what
 * it saw to a {@link Listener}, such as the Micrometer binder of the actuate package. The
 * client exists before the application context, so calls made while no listener is set
 * (those that load secrets at startup) are kept, up to {@value #MAX_PENDING}, and handed
 * over when one is. Without a listener it costs two clock reads per call; it never looks
 * at a request's or a response's content, only at the operation name, the HTTP status and
 * the error code.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public final class SecretsManagerRequestObserver implements ExecutionInterceptor {

	/** Calls kept for a listener that is not set yet: startup makes a handful. */
	static final int MAX_PENDING = 256;

	private static final ExecutionAttribute<Long> START = new ExecutionAttribute<>("SecretsSpringBootCallStart");

	private final List<CompletedRequest> pending = new ArrayList<>();

	private volatile @Nullable Listener listener;

	/**
	 * The observer of a client the starter built, if that client has one: a client
	 * supplied through the {@code BootstrapRegistry} has none unless its builder added
	 * one.
	 */
	public static Optional<SecretsManagerRequestObserver> of(SecretsManagerClient client) {
		try {
			return client.serviceClientConfiguration()
				.overrideConfiguration()
				.executionInterceptors()
				.stream()
				.filter(SecretsManagerRequestObserver.class::isInstance)
				.map(SecretsManagerRequestObserver.class::cast)
				.findFirst();
		}
		catch (RuntimeException ex) {
			// A client of another implementation (a test double) may not describe its
			// configuration.
			return Optional.empty();
		}
	}

	/**
	 * Sets the listener, first handing it the calls completed so far; {@code null}
	 * removes it.
	 */
	// Without a listener there are no earlier calls to hand.
	@SuppressWarnings("NullAway")
	public void setListener(@Nullable Listener listener) {
		List<CompletedRequest> earlier;
		synchronized (this.pending) {
			this.listener = listener;
			earlier = (listener != null) ? List.copyOf(this.pending) : List.of();
			if (listener != null) {
				this.pending.clear();
			}
		}
		earlier.forEach((request) -> notify(listener, request));
	}

	@Override
	public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
		executionAttributes.putAttribute(START, System.nanoTime());
	}

	@Override
	public void afterExecution(Context.AfterExecution context, ExecutionAttributes executionAttributes) {
		int status = context.httpResponse().statusCode();
		completed(executionAttributes,
				(status >= 500) ? Outcome.SERVER_ERROR : (status >= 400) ? Outcome.CLIENT_ERROR : Outcome.SUCCESS,
				null);
	}

	@Override
	public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes executionAttributes) {
		Throwable failure = context.exception();
		if (failure instanceof SdkServiceException service) {
			String code = (service instanceof AwsServiceException aws && aws.awsErrorDetails() != null)
					? aws.awsErrorDetails().errorCode() : null;
			completed(executionAttributes, (service.statusCode() >= 500) ? Outcome.SERVER_ERROR : Outcome.CLIENT_ERROR,
					(code != null) ? code : failure.getClass().getSimpleName());
		}
		else {
			completed(executionAttributes, Outcome.UNKNOWN, failure.getClass().getSimpleName());
		}
	}

	private void completed(ExecutionAttributes attributes, Outcome outcome, @Nullable String error) {
		Long start = attributes.getAttribute(START);
		if (start == null) {
			return;
		}
		String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
		CompletedRequest request = new CompletedRequest((operation != null) ? operation : "unknown", outcome, error,
				Duration.ofNanos(System.nanoTime() - start));
		Listener current = this.listener;
		if (current == null) {
			synchronized (this.pending) {
				current = this.listener;
				if (current == null) {
					if (this.pending.size() < MAX_PENDING) {
						this.pending.add(request);
					}
					return;
				}
			}
		}
		notify(current, request);
	}

	private static void notify(Listener listener, CompletedRequest request) {
		try {
			listener.requestCompleted(request);
		}
		catch (RuntimeException ex) {
			// Observing must never fail a call to Secrets Manager.
		}
	}

	/**
	 * Told of every completed API call.
	 */
	@FunctionalInterface
	public interface Listener {

		void requestCompleted(CompletedRequest request);

	}

	/**
	 * One completed API call.
	 *
	 * @param operation the operation, such as {@code GetSecretValue}
	 * @param outcome how it ended
	 * @param error the AWS error code (such as {@code ThrottlingException}) or, without
	 * an answer from AWS, the SDK exception's simple class name (such as
	 * {@code ApiCallTimeoutException}); {@code null} when the call succeeded
	 * @param duration how long it took, retries included
	 */
	public record CompletedRequest(String operation, Outcome outcome, @Nullable String error, Duration duration) {

	}

	/**
	 * How an API call ended.
	 */
	public enum Outcome {

		/** AWS answered with success. */
		SUCCESS,

		/** AWS answered with a 4xx error, throttling included. */
		CLIENT_ERROR,

		/** AWS answered with a 5xx error. */
		SERVER_ERROR,

		/** No answer: a timeout or a network failure. */
		UNKNOWN

	}

}
