package io.github.secretsspringboot.refresh;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretValue;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/**
 * Checks one secret with DescribeSecret, whose VersionIdsToStages tells which version
 * each import's stage is on, and reads a value with GetSecretValue (by version id) only
 * for a version that is not in use yet.
 *
 * @author secrets-spring-boot
 */
final class DescribeCheck {

	private final SecretsManagerClient client;

	private final AwsRequestOverrideConfiguration requestOverride;

	private final Clock clock;

	private final ChangePipeline pipeline;

	DescribeCheck(SecretsManagerClient client, AwsRequestOverrideConfiguration requestOverride, Clock clock,
			ChangePipeline pipeline) {
		this.pipeline = pipeline;
		this.client = client;
		this.requestOverride = requestOverride;
		this.clock = clock;
	}

	SecretOutcome check(TrackedSecret secret) {
		DescribeSecretResponse response;
		try {
			response = this.client.describeSecret(
					(request) -> request.secretId(secret.secretId()).overrideConfiguration(this.requestOverride));
		}
		catch (SdkException ex) {
			return SecretOutcome.failed(secret, SecretErrorKind.of(ex), "DescribeSecret failed: " + ex.getMessage(),
					this.clock.instant());
		}
		SecretDescription description = SecretDescription.of(response, this.clock.instant());
		secret.described(description);
		if (description.deletedDate() != null) {
			return SecretOutcome.failed(secret, SecretErrorKind.SCHEDULED_FOR_DELETION,
					"it is scheduled for deletion on " + description.deletedDate(), this.clock.instant());
		}
		Map<String, Fetched> fetched = new HashMap<>();
		List<ImportOutcome> outcomes = new ArrayList<>();
		for (TrackedImport tracked : secret.importsInCheck()) {
			outcomes.add(check(secret, tracked, description, fetched));
		}
		return new SecretOutcome(secret, outcomes, this.clock.instant());
	}

	private ImportOutcome check(TrackedSecret secret, TrackedImport tracked, SecretDescription description,
			Map<String, Fetched> fetched) {
		String staged = description.versionWithStage(tracked.stage());
		if (staged == null) {
			return ImportOutcome.failed(tracked, SecretErrorKind.STAGE_NOT_FOUND,
					"no version carries the staging label " + tracked.stage());
		}
		List<String> stages = description.stagesOf(staged);
		if (staged.equals(tracked.versionIdInUse())) {
			return ImportOutcome.unchanged(tracked, stages);
		}
		if (staged.equals(tracked.rejectedVersionId())) {
			return VersionApplier.rejectedAgain(tracked, staged);
		}
		// Imports of the same secret and stage share one read.
		Fetched version = fetched.computeIfAbsent(staged, (versionId) -> fetch(secret, versionId));
		return (version.value() != null) ? VersionApplier.apply(tracked, version.value(), stages, this.pipeline)
				: ImportOutcome.failed(tracked, version.error(), version.detail());
	}

	private Fetched fetch(TrackedSecret secret, String versionId) {
		try {
			return new Fetched(
					SecretValue.of(this.client.getSecretValue((request) -> request.secretId(secret.secretId())
						.versionId(versionId)
						.overrideConfiguration(this.requestOverride))),
					null, null);
		}
		catch (SdkException ex) {
			return new Fetched(null, SecretErrorKind.of(ex), "GetSecretValue failed: " + ex.getMessage());
		}
	}

	private record Fetched(@Nullable SecretValue value, @Nullable SecretErrorKind error, @Nullable String detail) {

	}

}
