package io.github.secretsspringboot.client;

import java.net.URI;
import java.time.Duration;

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

	@Test
	void settingsDefaultToThoseDocumented() {
		this.runner.run((context) -> {
			AwsSecretsProperties properties = context.getBean(AwsSecretsProperties.class);
			assertThat(properties.isEnabled()).isTrue();
			assertThat(properties.getRegion()).isNull();
			assertThat(properties.getEndpoint()).isNull();
			assertThat(properties.getApiCallTimeout()).isNull();
			assertThat(properties.determineRefreshApiCallTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.getStartupTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.getRetry().getMaxAttempts()).isEqualTo(3);
			assertThat(properties.getCredentials().getProfile()).isNull();
			assertThat(properties.getCredentials().getSts().getSessionName()).isEqualTo("secrets-spring-boot");
		});
	}

	@Test
	void settingsCanBeOverridden() {
		this.runner
			.withPropertyValues("aws.secrets.api-call-timeout=5s", "aws.secrets.startup-timeout=1m",
					"aws.secrets.retry.max-attempts=5", "aws.secrets.credentials.sts.session-name=orders")
			.run((context) -> {
				AwsSecretsProperties properties = context.getBean(AwsSecretsProperties.class);
				assertThat(properties.getApiCallTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.determineRefreshApiCallTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getStartupTimeout()).isEqualTo(Duration.ofMinutes(1));
				assertThat(properties.getRetry().getMaxAttempts()).isEqualTo(5);
				assertThat(properties.getCredentials().getSts().getSessionName()).isEqualTo("orders");
			});
	}

	@Test
	void clientIsBuiltWhenFirstUsedSoThatNoRegionIsNeededOtherwise() {
		// No region for this JVM, none configured: the context starts all the same.
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(AwsSecretsProperties.class);
			assertThat(context.getBeanFactory().getBeanDefinition("awsSecretsManagerClient").isLazyInit()).isTrue();
		});
	}

}
