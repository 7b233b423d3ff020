package io.github.secretsspringboot.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretValue;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Fetches many secrets at once: versions at AWSCURRENT with BatchGetSecretValue, 20 ids
 * per request, requests in parallel; pinned versions with GetSecretValue, also in
 * parallel. A per-secret error of a batch is that secret's outcome alone.
 *
 * @author secrets-spring-boot
 */
final class SecretFetcher {

	static final int BATCH_SIZE = 20;

	private final SecretsManagerClient client;

	private final StartupRetries retries;

	private final Log logger;

	private final @Nullable Duration apiCallTimeout;

	/** The metrics of every request of this fetch. */
	private final AttemptMetrics fetchMetrics = new AttemptMetrics();

	private volatile boolean batchDenied;

	/**
	 * @param apiCallTimeout the configured limit of one call, or {@code null}; calls are
	 * also bounded by the startup budget left
	 */
	SecretFetcher(SecretsManagerClient client, StartupRetries retries, @Nullable Duration apiCallTimeout, Log logger) {
		this.client = client;
		this.retries = retries;
		this.apiCallTimeout = apiCallTimeout;
		this.logger = logger;
	}

	/** Fetches every key; waits at most the startup budget. */
	Map<FetchKey, FetchOutcome> fetchAll(Collection<FetchKey> keys) {
		List<FetchKey> current = new ArrayList<>();
		List<CompletableFuture<Map<FetchKey, FetchOutcome>>> requests = new ArrayList<>();
		for (FetchKey key : keys) {
			if (key.isPinned()) {
				requests.add(single(key));
			}
			else {
				current.add(key);
			}
		}
		for (int start = 0; start < current.size(); start += BATCH_SIZE) {
			List<FetchKey> chunk = current.subList(start, Math.min(start + BATCH_SIZE, current.size()));
			requests.add((chunk.size() == 1) ? single(chunk.get(0)) : batch(List.copyOf(chunk)));
		}
		Map<FetchKey, FetchOutcome> outcomes = new LinkedHashMap<>();
		for (CompletableFuture<Map<FetchKey, FetchOutcome>> request : requests) {
			outcomes.putAll(await(request));
		}
		for (FetchKey key : keys) {
			outcomes.putIfAbsent(key,
					FetchOutcome.failed(this.fetchMetrics.explain(new TimeoutException("startup budget spent"))));
		}
		return outcomes;
	}

	/**
	 * Requests sent, the SDK's retries included; a client that publishes no metrics (a
	 * test double, say) is taken to send one per call.
	 */
	int requests() {
		return Math.max(this.retries.requests(), this.fetchMetrics.count());
	}

	private Map<FetchKey, FetchOutcome> await(CompletableFuture<Map<FetchKey, FetchOutcome>> request) {
		try {
			// A little beyond the budget: calls themselves time out at the deadline.
			return request.get(this.retries.remaining().toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Map.of();
		}
		catch (ExecutionException | TimeoutException ex) {
			return Map.of();
		}
	}

	private CompletableFuture<Map<FetchKey, FetchOutcome>> single(FetchKey key) {
		AttemptMetrics attempts = new AttemptMetrics();
		return this.retries
			.call((remaining) -> this.client.getSecretValue((request) -> request.secretId(key.secretId())
				.versionId(key.versionId())
				.versionStage(key.versionStage())
				.overrideConfiguration(overrides(remaining, attempts))))
			.handle((response, failure) -> Map.of(key,
					(failure != null) ? FetchOutcome.failed(attempts.explain(unwrap(failure)))
							: FetchOutcome.of(SecretValue.of(response))));
	}

	private CompletableFuture<Map<FetchKey, FetchOutcome>> batch(List<FetchKey> keys) {
		if (this.batchDenied) {
			return singles(keys);
		}
		List<String> ids = keys.stream().map(FetchKey::secretId).distinct().toList();
		AttemptMetrics attempts = new AttemptMetrics();
		CompletableFuture<BatchGetSecretValueResponse> request = this.retries
			.call((remaining) -> this.client.batchGetSecretValue(
					(builder) -> builder.secretIdList(ids).overrideConfiguration(overrides(remaining, attempts))));
		return request
			.<CompletableFuture<Map<FetchKey, FetchOutcome>>>handle((response, failure) -> (failure == null)
					? outcomes(keys, response) : afterBatchFailure(keys, attempts.explain(unwrap(failure))))
			.thenCompose((next) -> next);
	}

	/**
	 * Without permission for BatchGetSecretValue, reading each secret still works when
	 * GetSecretValue is allowed: fall back instead of failing.
	 */
	private CompletableFuture<Map<FetchKey, FetchOutcome>> afterBatchFailure(List<FetchKey> keys, Throwable failure) {
		if (SecretErrorKind.of(failure) == SecretErrorKind.ACCESS_DENIED) {
			if (!this.batchDenied) {
				this.batchDenied = true;
				this.logger.warn("BatchGetSecretValue was denied; reading secrets one request each. Allow "
						+ "secretsmanager:BatchGetSecretValue to load them in fewer requests.");
			}
			return singles(keys);
		}
		Map<FetchKey, FetchOutcome> outcomes = new LinkedHashMap<>();
		keys.forEach((key) -> outcomes.put(key, FetchOutcome.failed(failure)));
		return CompletableFuture.completedFuture(outcomes);
	}

	private CompletableFuture<Map<FetchKey, FetchOutcome>> singles(List<FetchKey> keys) {
		List<CompletableFuture<Map<FetchKey, FetchOutcome>>> requests = keys.stream().map(this::single).toList();
		return CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).thenApply((done) -> {
			Map<FetchKey, FetchOutcome> outcomes = new LinkedHashMap<>();
			requests.forEach((request) -> outcomes.putAll(request.join()));
			return outcomes;
		});
	}

	private CompletableFuture<Map<FetchKey, FetchOutcome>> outcomes(List<FetchKey> keys,
			BatchGetSecretValueResponse response) {
		Map<FetchKey, FetchOutcome> outcomes = new LinkedHashMap<>();
		List<FetchKey> retryAlone = new ArrayList<>();
		for (FetchKey key : keys) {
			SecretValueEntry entry = response.secretValues()
				.stream()
				.filter((candidate) -> SecretValue.of(candidate).isNamedBy(key.secretId()))
				.findFirst()
				.orElse(null);
			APIErrorType error = response.errors()
				.stream()
				.filter((candidate) -> key.secretId().equals(candidate.secretId()))
				.findFirst()
				.orElse(null);
			if (entry != null) {
				outcomes.put(key, FetchOutcome.of(SecretValue.of(entry)));
			}
			else if (error != null && !isRetriedAlone(error)) {
				outcomes.put(key, FetchOutcome.failed(asException(error)));
			}
			else {
				// Retried alone, or not mentioned by the answer at all.
				retryAlone.add(key);
			}
		}
		if (retryAlone.isEmpty()) {
			return CompletableFuture.completedFuture(outcomes);
		}
		return singles(retryAlone).thenApply((retried) -> {
			outcomes.putAll(retried);
			return outcomes;
		});
	}

	/**
	 * Whether a secret the batch could not read is asked for alone: after a transient
	 * error, and after access denied, as a secret of another account must be (its
	 * resource policy can open GetSecretValue, never BatchGetSecretValue).
	 */
	private static boolean isRetriedAlone(APIErrorType error) {
		SecretErrorKind kind = SecretErrorKind.ofErrorCode(error.errorCode(), error.message());
		return kind.isTransient() || kind == SecretErrorKind.ACCESS_DENIED;
	}

	private static SecretsManagerException asException(APIErrorType error) {
		return (SecretsManagerException) SecretsManagerException.builder()
			.message(error.message())
			.statusCode(400)
			.awsErrorDetails(AwsErrorDetails.builder()
				.errorCode(error.errorCode())
				.errorMessage(error.message())
				.serviceName("SecretsManager")
				.build())
			.build();
	}

	/**
	 * Bounds a call by the configured limit and the budget left, and listens to the SDK's
	 * metrics of it: how many requests it sent, and what its failed attempts ran into.
	 */
	private AwsRequestOverrideConfiguration overrides(Duration remaining, AttemptMetrics attempts) {
		Duration limit = (this.apiCallTimeout != null && this.apiCallTimeout.compareTo(remaining) < 0)
				? this.apiCallTimeout : remaining;
		return AwsRequestOverrideConfiguration.builder()
			.apiCallTimeout(limit.isZero() ? Duration.ofMillis(1) : limit)
			.addMetricPublisher(this.fetchMetrics)
			.addMetricPublisher(attempts)
			.build();
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof java.util.concurrent.CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	/** A fetched value, or why it could not be fetched. */
	record FetchOutcome(@Nullable SecretValue value, @Nullable Throwable failure) {

		static FetchOutcome of(SecretValue value) {
			return new FetchOutcome(value, null);
		}

		static FetchOutcome failed(Throwable failure) {
			return new FetchOutcome(null, failure);
		}

	}

}
