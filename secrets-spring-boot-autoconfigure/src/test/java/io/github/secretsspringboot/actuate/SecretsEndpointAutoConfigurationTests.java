package io.github.secretsspringboot.actuate;

import io.github.secretsspringboot.actuate.SecretsEndpoint.SecretsDescriptor;
import io.github.secretsspringboot.client.SecretsManagerClientAutoConfiguration;
import io.github.secretsspringboot.config.SecretPropertySources;
import io.github.secretsspringboot.refresh.SecretsRefreshAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code secrets} endpoint's auto-configuration: available only when exposed, backs
 * off for a bean of the same name, reports the settings in force.
 */
class SecretsEndpointAutoConfigurationTests extends ActuatorTestSupport {

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecretsManagerClientAutoConfiguration.class,
					SecretsRefreshAutoConfiguration.class, SecretsEndpointAutoConfiguration.class))
			.withPropertyValues("aws.secrets.endpoint=" + emulator.endpoint(),
					"aws.secrets.region=" + emulator.region(), "management.endpoints.web.exposure.include=secrets")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(SecretPropertySources.load(secrets(), "aws-secret:prod/app/db")));
	}

	@Test
	void describesTheImportsWithTheDefaultSettings() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(SecretsEndpoint.class)
				.hasSingleBean(SecretsEndpointWebExtension.class)
				.hasSingleBean(SecretsInventory.class);
			SecretsDescriptor secrets = context.getBean(SecretsEndpoint.class).secrets();
			assertThat(secrets.secrets()).singleElement()
				.satisfies((secret) -> assertThat(secret.toString().contains(CANARY)).as("a value is described")
					.isFalse());
			assertThat(secrets.refresh().enabled()).isTrue();
			assertThat(secrets.refresh().interval()).isEqualTo("PT5M");
			assertThat(secrets.refresh().jitter()).isEqualTo(0.1);
			assertThat(secrets.refresh().maxBackoff()).isEqualTo("PT30M");
			assertThat(secrets.refresh().forcedRefreshMinSpacing()).isEqualTo("PT10S");
			assertThat(secrets.refresh().maxStaleness()).isEqualTo("PT15M");
		});
	}

	@Test
	void describesOverriddenSettings() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner()
			.withPropertyValues("aws.secrets.refresh.interval=1m", "aws.secrets.refresh.mode=batch",
					"aws.secrets.health.max-staleness=2m")
			.run((context) -> {
				SecretsDescriptor secrets = context.getBean(SecretsEndpoint.class).secrets();
				assertThat(secrets.refresh().interval()).isEqualTo("PT1M");
				assertThat(secrets.refresh().mode()).isEqualTo("BATCH");
				assertThat(secrets.refresh().maxStaleness()).isEqualTo("PT2M");
			});
	}

	@Test
	void describesTheImportsWithoutRefresh() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().withPropertyValues("aws.secrets.refresh.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(SecretsEndpoint.class);
			SecretsDescriptor secrets = context.getBean(SecretsEndpoint.class).secrets();
			assertThat(secrets.refresh().enabled()).isFalse();
			assertThat(secrets.secrets()).hasSize(1);
		});
	}

	@Test
	void notConfiguredWhenNotExposed() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SecretsEndpoint.class)
				.doesNotHaveBean(SecretsEndpointWebExtension.class)
				.doesNotHaveBean(SecretsInventory.class));
	}

	@Test
	void nothingIsConfiguredWithoutActuator() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.endpoint"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SecretsEndpoint.class)
				.doesNotHaveBean(SecretsInventory.class));
	}

	@Test
	void backsOffForABeanOfTheSameName() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().withBean("secretsEndpoint", OwnSecretsEndpoint.class, OwnSecretsEndpoint::new)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SecretsEndpoint.class)
				.doesNotHaveBean(SecretsEndpointWebExtension.class)
				.getBean("secretsEndpoint")
				.isInstanceOf(OwnSecretsEndpoint.class));
	}

	/** An application's own view of its secrets, in place of the starter's. */
	static class OwnSecretsEndpoint {

	}

}
