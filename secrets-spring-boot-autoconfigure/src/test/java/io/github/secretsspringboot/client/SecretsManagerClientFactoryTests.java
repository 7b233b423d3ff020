package io.github.secretsspringboot.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerServiceClientConfiguration;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

import static org.assertj.core.api.Assertions.assertThat;

/** Each aws.secrets.* client setting reaches the built client. */
class SecretsManagerClientFactoryTests {

	@Test
	void regionEndpointTimeoutsAndRetriesAreApplied() {
		AwsSecretsProperties properties = new AwsSecretsProperties();
		properties.setRegion("eu-west-3");
		properties.setEndpoint(URI.create("http://127.0.0.1:4566"));
		properties.setApiCallTimeout(Duration.ofSeconds(7));
		properties.getRetry().setMaxAttempts(6);
		try (SecretsManagerClient client = SecretsManagerClientFactory.create(properties, List.of())) {
			SecretsManagerServiceClientConfiguration configuration = client.serviceClientConfiguration();
			assertThat(configuration.region()).isEqualTo(Region.EU_WEST_3);
			assertThat(configuration.endpointOverride()).contains(URI.create("http://127.0.0.1:4566"));
			assertThat(configuration.overrideConfiguration().apiCallTimeout()).contains(Duration.ofSeconds(7));
			assertThat(configuration.overrideConfiguration().retryStrategy())
				.hasValueSatisfying((strategy) -> assertThat(strategy.maxAttempts()).isEqualTo(6));
			assertThat(configuration.credentialsProvider()).isInstanceOf(DefaultCredentialsProvider.class);
		}
	}

	@Test
	void profileSelectsProfileCredentials() {
		AwsSecretsProperties properties = new AwsSecretsProperties();
		properties.setRegion("us-east-1");
		properties.getCredentials().setProfile("prod");
		try (SecretsManagerClient client = SecretsManagerClientFactory.create(properties, List.of())) {
			assertThat(client.serviceClientConfiguration().credentialsProvider())
				.isInstanceOf(ProfileCredentialsProvider.class);
		}
	}

	@Test
	void roleArnAssumesTheRoleForCrossAccountSecrets() {
		AwsSecretsProperties properties = new AwsSecretsProperties();
		properties.setRegion("us-east-1");
		properties.getCredentials().getSts().setRoleArn("arn:aws:iam::210987654321:role/secrets-reader");
		try (SecretsManagerClient client = SecretsManagerClientFactory.create(properties, List.of())) {
			assertThat(client.serviceClientConfiguration().credentialsProvider())
				.isInstanceOf(StsAssumeRoleCredentialsProvider.class);
		}
	}

	@Test
	void customizersRunLast() {
		AwsSecretsProperties properties = new AwsSecretsProperties();
		properties.setRegion("us-east-1");
		try (SecretsManagerClient client = SecretsManagerClientFactory.create(properties,
				List.of((builder) -> builder.region(Region.AP_SOUTH_1)))) {
			assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.AP_SOUTH_1);
		}
	}

}
