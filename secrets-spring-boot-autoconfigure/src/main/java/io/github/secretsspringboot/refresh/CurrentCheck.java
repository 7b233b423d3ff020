package io.github.secretsspringboot.refresh;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretValue;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Checks a secret whose imports all follow AWSCURRENT with one GetSecretValue of that
 * stage, for a caller that already knows a new version carries it (an event): the answer
 * is the version AWSCURRENT is on when it is read, so an older event delivered late never
 * rolls the secret back, and no DescribeSecret is needed to find it.
 *
 * @author secrets-spring-boot
 */
final class CurrentCheck {

	private static final String AWSCURRENT = "AWSCURRENT";

	private final SecretsManagerClient client;

	private final AwsRequestOverrideConfiguration requestOverride;

	private final Clock clock;

	private final ChangePipeline pipeline;

	CurrentCheck(SecretsManagerClient client, AwsRequestOverrideConfiguration requestOverride, Clock clock,
			ChangePipeline pipeline) {
		this.client = client;
		this.requestOverride = requestOverride;
		this.clock = clock;
		this.pipeline = pipeline;
	}

	SecretOutcome check(TrackedSecret secret) {
		SecretValue value;
		try {
			value = SecretValue.of(this.client.getSecretValue((request) -> request.secretId(secret.secretId())
				.versionStage(AWSCURRENT)
				.overrideConfiguration(this.requestOverride)));
		}
		catch (SdkException ex) {
			return SecretOutcome.failed(secret, SecretErrorKind.of(ex), "GetSecretValue failed: " + ex.getMessage(),
					this.clock.instant());
		}
		List<ImportOutcome> outcomes = new ArrayList<>();
		for (TrackedImport tracked : secret.importsInCheck()) {
			outcomes.add(VersionApplier.apply(tracked, value, value.versionStages(), this.pipeline));
		}
		return new SecretOutcome(secret, outcomes, this.clock.instant());
	}

}
