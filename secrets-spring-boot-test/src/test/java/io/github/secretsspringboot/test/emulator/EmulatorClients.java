package io.github.secretsspringboot.test.emulator;

import java.net.URI;
import java.util.function.Consumer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * SDK clients for an emulator with settings the emulator's own client leaves at defaults.
 */
final class EmulatorClients {

	private EmulatorClients() {
	}

	/**
	 * A client that makes exactly one attempt per call, so that each call is one request.
	 */
	static SecretsManagerClient withoutRetries(SecretsManagerEmulator emulator) {
		return with(emulator, (override) -> override.retryStrategy(AwsRetryStrategy.doNotRetry()));
	}

	static SecretsManagerClient with(SecretsManagerEmulator emulator,
			Consumer<ClientOverrideConfiguration.Builder> override) {
		return with(emulator.endpoint(), emulator.region(), override);
	}

	/** A client for an emulator in another process. */
	static SecretsManagerClient forEndpoint(URI endpoint, String region) {
		return with(endpoint, region, (override) -> {
		});
	}

	private static SecretsManagerClient with(URI endpoint, String region,
			Consumer<ClientOverrideConfiguration.Builder> override) {
		return SecretsManagerClient.builder()
			.endpointOverride(endpoint)
			.region(Region.of(region))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.httpClientBuilder(UrlConnectionHttpClient.builder())
			.overrideConfiguration(override)
			.build();
	}

}
