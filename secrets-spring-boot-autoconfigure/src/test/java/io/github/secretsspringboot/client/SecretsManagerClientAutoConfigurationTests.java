package io.github.secretsspringboot.client;

import java.net.URI;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsManagerClientAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SecretsManagerClientAutoConfiguration.class));

	@Test
	void createsAClientFromProperties() {
		this.runner.withPropertyValues("aws.secrets.region=eu-central-1", "aws.secrets.endpoint=http://127.0.0.1:1")
			.run((context) -> {
				SecretsManagerClient client = context.getBean(SecretsManagerClient.class);
				assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.EU_CENTRAL_1);
				assertThat(client.serviceClientConfiguration().endpointOverride())
					.contains(URI.create("http://127.0.0.1:1"));
			});
	}

	@Test
	void appliesCustomizerBeans() {
		this.runner.withPropertyValues("aws.secrets.region=eu-central-1")
			.withBean(SecretsManagerClientCustomizer.class, () -> (builder) -> builder.region(Region.SA_EAST_1))
			.run((context) -> assertThat(
					context.getBean(SecretsManagerClient.class).serviceClientConfiguration().region())
				.isEqualTo(Region.SA_EAST_1));
	}

	@Test
	void backsOffWhenAClientExists() {
		SecretsManagerClient existing = SecretsManagerClient.builder().region(Region.US_WEST_2).build();
		this.runner.withBean("existing", SecretsManagerClient.class, () -> existing)
			.run((context) -> assertThat(context).getBean(SecretsManagerClient.class).isSameAs(existing));
		existing.close();
	}

}
