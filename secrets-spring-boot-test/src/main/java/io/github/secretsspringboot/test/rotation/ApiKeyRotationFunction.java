package io.github.secretsspringboot.test.rotation;

import java.time.Duration;

import io.github.secretsspringboot.test.apikey.ApiKeyService;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rotates an API key of an {@link ApiKeyService}, in a secret whose value is the JSON
 * object {@code {"apiKey": "..."}} (other members are kept). createSecret stores a new
 * random key as AWSPENDING, setSecret makes the service accept it, testSecret calls the
 * service with it, and finishSecret moves AWSCURRENT to it and then revokes the old key,
 * as providers that allow one key per client do. From that moment a client still holding
 * the old key is rejected until it reads the new AWSCURRENT: the window that event-driven
 * refresh closes within seconds and periodic refresh leaves open until the next check.
 * <p>
 * Errors name the secret and version, never a key; {@link #toString()} shows neither.
 */
public final class ApiKeyRotationFunction extends AbstractRotationFunction {

	/** The JSON member that holds the key. */
	public static final String API_KEY = "apiKey";

	private final ApiKeyService service;

	public ApiKeyRotationFunction(ApiKeyService service) {
		this(service, Duration.ZERO);
	}

	private ApiKeyRotationFunction(ApiKeyService service, Duration pauseBeforeFinish) {
		super(pauseBeforeFinish);
		this.service = service;
	}

	/**
	 * A function that waits {@code pause} between testSecret and finishSecret, while the
	 * service accepts both the old and the new key.
	 */
	public ApiKeyRotationFunction withPauseBeforeFinish(Duration pause) {
		return new ApiKeyRotationFunction(this.service, pause);
	}

	/**
	 * The {@code SecretString} of a new secret: a key that {@code service} accepts from
	 * now on.
	 */
	public static String initialSecretString(ApiKeyService service) {
		return secretString(service.issueKey());
	}

	/** The {@code SecretString} {@code {"apiKey": key}}. */
	public static String secretString(String key) {
		ObjectNode value = SecretJson.json.createObjectNode();
		value.put(API_KEY, key);
		return SecretJson.json.writeValueAsString(value);
	}

	/**
	 * The key in a {@code SecretString}.
	 * @throws IllegalArgumentException if it is not a JSON object with a string member
	 * {@code apiKey}; the message never repeats the value
	 */
	public static String apiKey(String secretString) {
		JsonNode key = SecretJson.parseObject(secretString).get(API_KEY);
		if (key == null || !key.isString() || key.asString().isEmpty()) {
			throw new IllegalArgumentException("The secret value has no member " + API_KEY);
		}
		return key.asString();
	}

	@Override
	protected String newSecretValue(String currentValue) {
		ObjectNode value = SecretJson.parseObject(currentValue);
		value.put(API_KEY, ApiKeyService.newKey());
		return SecretJson.json.writeValueAsString(value);
	}

	@Override
	protected void setSecret(SecretsManagerClient secretsManager, String arn, String token) {
		this.service.accept(apiKey(secretString(secretsManager, arn, AWSPENDING, token)));
	}

	@Override
	protected void testSecret(SecretsManagerClient secretsManager, String arn, String token) {
		int status = this.service.ping(apiKey(secretString(secretsManager, arn, AWSPENDING, token)));
		if (status != 200) {
			throw new IllegalStateException("The service answered " + status + " to the pending API key of secret "
					+ arn + " version " + token);
		}
	}

	/**
	 * Moves AWSCURRENT to the token's version, then revokes the key it held: the order of
	 * a provider that allows a single key, where clients on the old key fail at once.
	 */
	@Override
	protected void finishSecret(SecretsManagerClient secretsManager, String arn, String token) throws Exception {
		String newKey = apiKey(secretString(secretsManager, arn, AWSPENDING, token));
		String oldKey = apiKey(secretString(secretsManager, arn, AWSCURRENT, null));
		super.finishSecret(secretsManager, arn, token);
		if (!oldKey.equals(newKey)) {
			this.service.revoke(oldKey);
		}
	}

	@Override
	public String toString() {
		return "ApiKeyRotationFunction[" + this.service.pingUri() + "]";
	}

}
