package io.github.secretsspringboot.test.junit;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Points the starter's Secrets Manager client at a test endpoint (the emulator, or a
 * LocalStack container) through system properties, which Spring Boot reads before the
 * config-data phase imports secrets. Closing it restores what the properties were.
 * <p>
 * With a LocalStack container, for example: <pre class="code">
 * &#064;Container
 * static LocalStackContainer localStack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4.0"));
 *
 * static SecretsManagerTestProperties properties;
 *
 * &#064;BeforeAll
 * static void pointAtLocalStack() {
 *     properties = SecretsManagerTestProperties.apply(localStack.getEndpoint(), localStack.getRegion());
 * }
 *
 * &#064;AfterAll
 * static void restore() {
 *     properties.close();
 * }
 * </pre>
 *
 * @author secrets-spring-boot
 */
public final class SecretsManagerTestProperties implements AutoCloseable {

	/** Credentials the emulator and LocalStack accept: any. */
	private static final String PLACEHOLDER_CREDENTIAL = "test";

	private final Map<String, String> previous;

	private SecretsManagerTestProperties(Map<String, String> previous) {
		this.previous = previous;
	}

	/**
	 * Sets the system properties that point the client at {@code endpoint}.
	 * @param endpoint the Secrets Manager endpoint
	 * @param region the region to sign requests for
	 * @return a handle that restores the previous values when closed
	 */
	public static SecretsManagerTestProperties apply(URI endpoint, String region) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("aws.secrets.endpoint", endpoint.toString());
		values.put("aws.secrets.region", region);
		values.putAll(placeholderCredentials());
		return set(values);
	}

	/**
	 * Sets only the system properties of the SDK's credentials chain, to placeholder
	 * keys, for an application whose own configuration names the endpoint and the region
	 * (such as an {@code application-test.yml} pointing at LocalStack): no region is set,
	 * so a missing one still fails as it would in production.
	 * @return a handle that restores the previous values when closed
	 */
	public static SecretsManagerTestProperties credentials() {
		return set(placeholderCredentials());
	}

	private static Map<String, String> placeholderCredentials() {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("aws.accessKeyId", PLACEHOLDER_CREDENTIAL);
		values.put("aws.secretAccessKey", PLACEHOLDER_CREDENTIAL);
		return values;
	}

	private static SecretsManagerTestProperties set(Map<String, String> values) {
		Map<String, String> previous = new LinkedHashMap<>();
		values.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
		return new SecretsManagerTestProperties(previous);
	}

	@Override
	public void close() {
		this.previous.forEach((name, value) -> {
			if (value != null) {
				System.setProperty(name, value);
			}
			else {
				System.clearProperty(name);
			}
		});
	}

}
