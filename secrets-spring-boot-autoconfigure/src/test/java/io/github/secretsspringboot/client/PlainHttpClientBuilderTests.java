package io.github.secretsspringboot.client;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;

import io.github.secretsspringboot.test.emulator.FaultKind;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.utils.AttributeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PlainHttpClientBuilderTests {

	@Test
	void onlyPlainHttpEndpointsSkipTheSdkBuilder() {
		assertThat(PlainHttpClientBuilder.isPlainHttp(URI.create("http://127.0.0.1:4566"))).isTrue();
		assertThat(PlainHttpClientBuilder.isPlainHttp(URI.create("HTTP://localstack:4566"))).isTrue();
		assertThat(PlainHttpClientBuilder.isPlainHttp(URI.create("https://secretsmanager.eu-west-1.amazonaws.com")))
			.isFalse();
		assertThat(PlainHttpClientBuilder.isPlainHttp(null)).isFalse();
	}

	@Test
	void clientForAPlainHttpEndpointReadsSecrets() {
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start()) {
			emulator.client().createSecret((request) -> request.name("plain/http").secretString("text"));
			AwsSecretsProperties properties = new AwsSecretsProperties();
			properties.setRegion("us-east-1");
			properties.setEndpoint(emulator.endpoint());
			// The emulator's placeholder keys, as no test JVM has credentials.
			SecretsManagerClientCustomizer placeholderCredentials = (builder) -> builder
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
			try (SecretsManagerClient client = SecretsManagerClientFactory.create(properties,
					java.util.List.of(placeholderCredentials))) {
				assertThat(client.getSecretValue((request) -> request.secretId("plain/http")).name())
					.isEqualTo("plain/http");
			}
		}
	}

	@Test
	void connectionsKeepTheReadTimeoutTheSdkAsksFor() {
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start()) {
			emulator.client().createSecret((request) -> request.name("slow").secretString("text"));
			// The emulator holds the response for 30 s; the read timeout ends the wait
			// long before.
			emulator.control().failRequests(FaultKind.TIMEOUT, 1.0, "GetSecretValue");
			AttributeMap shortReads = AttributeMap.builder()
				.put(SdkHttpConfigurationOption.READ_TIMEOUT, Duration.ofMillis(300))
				.build();
			try (SecretsManagerClient client = SecretsManagerClient.builder()
				.region(Region.US_EAST_1)
				.endpointOverride(emulator.endpoint())
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
				.httpClient(new PlainHttpClientBuilder().buildWithDefaults(shortReads))
				.overrideConfiguration((override) -> override.retryStrategy((retry) -> retry.maxAttempts(1)))
				.build()) {
				assertThatExceptionOfType(SdkClientException.class)
					.isThrownBy(() -> client.getSecretValue((request) -> request.secretId("slow")))
					.withRootCauseInstanceOf(SocketTimeoutException.class);
			}
		}
	}

}
