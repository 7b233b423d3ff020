package io.github.secretsspringboot.test.rotation;

import java.time.Duration;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rotates a secret that is not a database credential: a JSON object one member of which,
 * such as {@code api_key}, gets a new random value. Nothing outside Secrets Manager needs
 * to change, so setSecret does nothing and testSecret only checks that the pending value
 * has the member.
 */
public final class JsonKeyRotationFunction extends AbstractRotationFunction {

	private final String key;

	public JsonKeyRotationFunction(String key) {
		this(key, Duration.ZERO);
	}

	private JsonKeyRotationFunction(String key, Duration pauseBeforeFinish) {
		super(pauseBeforeFinish);
		if (key == null || key.isEmpty()) {
			throw new IllegalArgumentException("key must not be empty");
		}
		this.key = key;
	}

	/** A function that waits {@code pause} between testSecret and finishSecret. */
	public JsonKeyRotationFunction withPauseBeforeFinish(Duration pause) {
		return new JsonKeyRotationFunction(this.key, pause);
	}

	@Override
	protected String newSecretValue(String currentValue) {
		ObjectNode value = SecretJson.parseObject(currentValue);
		value.put(this.key, RandomPasswords.generate());
		return SecretJson.json.writeValueAsString(value);
	}

	@Override
	protected void setSecret(SecretsManagerClient secretsManager, String arn, String token) {
	}

	@Override
	protected void testSecret(SecretsManagerClient secretsManager, String arn, String token) {
		if (!SecretJson.parseObject(secretString(secretsManager, arn, AWSPENDING, token)).hasNonNull(this.key)) {
			throw new IllegalStateException("The pending value of secret " + arn + " has no member " + this.key);
		}
	}

}
