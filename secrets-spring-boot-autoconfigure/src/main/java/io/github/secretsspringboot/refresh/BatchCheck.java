package io.github.secretsspringboot.refresh;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretValue;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;

/**
 * Checks up to {@value #BATCH_SIZE} secrets with one BatchGetSecretValue request, which
 * returns the AWSCURRENT version of each, value included: a version id other than the one
 * in use is a change. A per-secret error is that secret's outcome alone.
 *
 * @author secrets-spring-boot
 */
final class BatchCheck {

	/** The most secret ids BatchGetSecretValue takes in one request. */
	static final int BATCH_SIZE = 20;

	private final SecretsManagerClient client;

	private final AwsRequestOverrideConfiguration requestOverride;

	private final Clock clock;

	private final ChangePipeline pipeline;

	BatchCheck(SecretsManagerClient client, AwsRequestOverrideConfiguration requestOverride, Clock clock,
			ChangePipeline pipeline) {
		this.pipeline = pipeline;
		this.client = client;
		this.requestOverride = requestOverride;
		this.clock = clock;
	}

	/**
	 * Checks the secrets, which all follow AWSCURRENT.
	 * @return the outcome of each secret, {@code null} for a secret whose access was
	 * denied within the batch, or {@code null} instead of the map when
	 * BatchGetSecretValue itself was denied, so that the caller can check them another
	 * way
	 */
	@Nullable Map<TrackedSecret, SecretOutcome> check(List<TrackedSecret> secrets) {
		BatchGetSecretValueResponse response;
		try {
			response = this.client.batchGetSecretValue(
					(request) -> request.secretIdList(secrets.stream().map(TrackedSecret::secretId).toList())
						.overrideConfiguration(this.requestOverride));
		}
		catch (SdkException ex) {
			SecretErrorKind error = SecretErrorKind.of(ex);
			if (error == SecretErrorKind.ACCESS_DENIED) {
				return null;
			}
			Map<TrackedSecret, SecretOutcome> outcomes = new LinkedHashMap<>();
			Instant now = this.clock.instant();
			secrets.forEach((secret) -> outcomes.put(secret,
					SecretOutcome.failed(secret, error, "BatchGetSecretValue failed: " + ex.getMessage(), now)));
			return outcomes;
		}
		Map<TrackedSecret, SecretOutcome> outcomes = new LinkedHashMap<>();
		for (TrackedSecret secret : secrets) {
			outcomes.put(secret, outcome(secret, response));
		}
		return outcomes;
	}

	private @Nullable SecretOutcome outcome(TrackedSecret secret, BatchGetSecretValueResponse response) {
		SecretValueEntry entry = response.secretValues()
			.stream()
			.filter((candidate) -> secret.isAnsweredAs(candidate.name(), candidate.arn()))
			.findFirst()
			.orElse(null);
		if (entry != null) {
			SecretValue value = SecretValue.of(entry);
			List<ImportOutcome> outcomes = new ArrayList<>();
			for (TrackedImport tracked : secret.importsInCheck()) {
				outcomes.add(VersionApplier.apply(tracked, value, value.versionStages(), this.pipeline));
			}
			return new SecretOutcome(secret, outcomes, this.clock.instant());
		}
		APIErrorType error = response.errors()
			.stream()
			.filter((candidate) -> secret.secretId().equals(candidate.secretId()))
			.findFirst()
			.orElse(null);
		if (error != null) {
			SecretErrorKind kind = SecretErrorKind.ofErrorCode(error.errorCode(), error.message());
			if (kind == SecretErrorKind.ACCESS_DENIED) {
				// A secret of another account: its resource policy can open
				// GetSecretValue and
				// DescribeSecret, never BatchGetSecretValue. The caller checks it alone.
				return null;
			}
			return SecretOutcome.failed(secret, kind, "BatchGetSecretValue answered " + error.errorCode(),
					this.clock.instant());
		}
		return SecretOutcome.failed(secret, SecretErrorKind.OTHER, "BatchGetSecretValue did not answer for it",
				this.clock.instant());
	}

}
