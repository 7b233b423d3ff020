package io.github.secretsspringboot.test.rotation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.secretsspringboot.test.emulator.RotationEvent;
import io.github.secretsspringboot.test.emulator.RotationFunction;
import io.github.secretsspringboot.test.emulator.RotationStep;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The rotation protocol of the AWS rotation function templates, for subclasses to
 * complete for one kind of secret. Every step first checks, through DescribeSecret, that
 * rotation is on and that the event's version is the pending one, and does nothing when
 * that version is already AWSCURRENT, so that a step invoked again is harmless.
 * {@code createSecret} reuses the AWSPENDING value of the token when there is one and
 * otherwise stores a new value derived from AWSCURRENT; {@code finishSecret} moves
 * AWSCURRENT to the token's version. Subclasses supply the new value and the
 * {@code setSecret} and {@code testSecret} steps.
 * <p>
 * All calls go through the Secrets Manager client of the event, as a Lambda function's
 * do. Errors name secrets and versions, never values.
 */
public abstract class AbstractRotationFunction implements RotationFunction {

	protected static final String AWSCURRENT = "AWSCURRENT";

	protected static final String AWSPENDING = "AWSPENDING";

	protected static final String AWSPREVIOUS = "AWSPREVIOUS";

	private final Duration pauseBeforeFinish;

	/**
	 * @param pauseBeforeFinish how long to wait after testSecret before finishSecret,
	 * which keeps the service on the new credentials while AWSCURRENT still holds the old
	 * ones
	 */
	protected AbstractRotationFunction(Duration pauseBeforeFinish) {
		if (pauseBeforeFinish == null || pauseBeforeFinish.isNegative()) {
			throw new IllegalArgumentException("pauseBeforeFinish must be zero or positive");
		}
		this.pauseBeforeFinish = pauseBeforeFinish;
	}

	@Override
	public final void handle(RotationEvent event, SecretsManagerClient secretsManager) throws Exception {
		String arn = event.secretId();
		String token = event.clientRequestToken();
		DescribeSecretResponse metadata = secretsManager.describeSecret((request) -> request.secretId(arn));
		if (Boolean.FALSE.equals(metadata.rotationEnabled())) {
			throw new IllegalStateException("Secret " + arn + " is not enabled for rotation");
		}
		Map<String, List<String>> versions = metadata.versionIdsToStages();
		List<String> stages = versions.get(token);
		if (stages == null) {
			throw new IllegalStateException(
					"Secret version " + token + " has no stage for rotation of secret " + arn + ".");
		}
		if (stages.contains(AWSCURRENT)) {
			return;
		}
		if (!stages.contains(AWSPENDING)) {
			throw new IllegalStateException(
					"Secret version " + token + " not set as AWSPENDING for rotation of secret " + arn + ".");
		}
		switch (event.step()) {
			case CREATE_SECRET -> createSecret(secretsManager, arn, token);
			case SET_SECRET -> setSecret(secretsManager, arn, token);
			case TEST_SECRET -> testSecret(secretsManager, arn, token);
			case FINISH_SECRET -> finishSecret(secretsManager, arn, token);
		}
	}

	@Override
	public Duration pauseBefore(RotationStep step) {
		return (step == RotationStep.FINISH_SECRET) ? this.pauseBeforeFinish : Duration.ZERO;
	}

	protected Duration pauseBeforeFinish() {
		return this.pauseBeforeFinish;
	}

	/**
	 * Stores the pending value of the token with the label AWSPENDING, unless a retried
	 * rotation stored it already.
	 */
	protected void createSecret(SecretsManagerClient secretsManager, String arn, String token) throws Exception {
		String current = secretString(secretsManager, arn, AWSCURRENT, null);
		try {
			secretString(secretsManager, arn, AWSPENDING, token);
		}
		catch (ResourceNotFoundException ex) {
			String pending = newSecretValue(current);
			secretsManager.putSecretValue((request) -> request.secretId(arn)
				.clientRequestToken(token)
				.secretString(pending)
				.versionStages(AWSPENDING));
		}
	}

	/** The value of the next version, derived from the current one. */
	protected abstract String newSecretValue(String currentValue) throws Exception;

	/** Makes the protected service accept the AWSPENDING value of the token. */
	protected abstract void setSecret(SecretsManagerClient secretsManager, String arn, String token) throws Exception;

	/**
	 * Checks that the AWSPENDING value of the token works against the protected service.
	 */
	protected abstract void testSecret(SecretsManagerClient secretsManager, String arn, String token) throws Exception;

	/**
	 * Moves AWSCURRENT to the token's version; Secrets Manager moves AWSPREVIOUS along.
	 */
	protected void finishSecret(SecretsManagerClient secretsManager, String arn, String token) throws Exception {
		DescribeSecretResponse metadata = secretsManager.describeSecret((request) -> request.secretId(arn));
		String currentVersion = null;
		for (Map.Entry<String, List<String>> version : metadata.versionIdsToStages().entrySet()) {
			if (version.getValue().contains(AWSCURRENT)) {
				if (version.getKey().equals(token)) {
					return;
				}
				currentVersion = version.getKey();
				break;
			}
		}
		String removeFrom = currentVersion;
		secretsManager.updateSecretVersionStage((request) -> request.secretId(arn)
			.versionStage(AWSCURRENT)
			.moveToVersionId(token)
			.removeFromVersionId(removeFrom));
	}

	/**
	 * The {@code SecretString} of the version with {@code stage}, and with id
	 * {@code versionId} unless {@code null}.
	 * @throws ResourceNotFoundException if there is no such version or it has no value
	 * yet
	 */
	protected static String secretString(SecretsManagerClient secretsManager, String secretId, String stage,
			String versionId) {
		return secretsManager
			.getSecretValue((request) -> request.secretId(secretId).versionStage(stage).versionId(versionId))
			.secretString();
	}

}
