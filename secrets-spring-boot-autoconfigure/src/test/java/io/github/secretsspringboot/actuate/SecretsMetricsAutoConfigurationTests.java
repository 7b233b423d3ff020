package io.github.secretsspringboot.actuate;

import io.github.secretsspringboot.client.SecretsManagerClientAutoConfiguration;
import io.github.secretsspringboot.config.SecretPropertySources;
import io.github.secretsspringboot.jdbc.SecretsDataSourceAutoConfiguration;
import io.github.secretsspringboot.refresh.SecretsRefreshAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters' auto-configuration: only with Micrometer and a registry, back-off by bean
 * name, data source meters only with the HikariCP support, one inventory shared with the
 * health contributor and the endpoint.
 */
class SecretsMetricsAutoConfigurationTests extends ActuatorTestSupport {

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecretsManagerClientAutoConfiguration.class,
					SecretsRefreshAutoConfiguration.class, SecretsMetricsAutoConfiguration.class))
			.withPropertyValues("aws.secrets.endpoint=" + emulator.endpoint(),
					"aws.secrets.region=" + emulator.region())
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(SecretPropertySources.load(secrets(), "aws-secret:prod/app/db")))
			.withBean(SimpleMeterRegistry.class);
	}

	@Test
	void metersOfTheImportedSecrets() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(SecretsRefreshMetrics.class)
				.hasSingleBean(SecretsRequestMetrics.class)
				.hasSingleBean(SecretsInventory.class)
				// Neither a startup load report nor HikariCP support here.
				.doesNotHaveBean(SecretsLoadMetrics.class)
				.doesNotHaveBean(SecretsDataSourceMetrics.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			context.getBean(SecretsRefreshMetrics.class).bindTo(meters);
			assertThat(meters.find("aws.secrets.staleness").tag("secret", "prod/app/db").timeGauge()).isNotNull();
		});
	}

	@Test
	void dataSourceMetersWithTheHikariSupport() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().withConfiguration(AutoConfigurations.of(SecretsDataSourceAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(SecretsDataSourceMetrics.class));
	}

	@Test
	void healthEndpointAndMetersShareOneInventory() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner()
			.withConfiguration(
					AutoConfigurations.of(SecretsHealthAutoConfiguration.class, SecretsEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=secrets")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(SecretsHealthIndicator.class)
				.hasSingleBean(SecretsEndpoint.class)
				.hasSingleBean(SecretsRefreshMetrics.class)
				.hasSingleBean(SecretsInventory.class)
				.hasSingleBean(SecretsHealthProperties.class));
	}

	@Test
	void nothingIsConfiguredWithoutAMeterRegistry() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecretsManagerClientAutoConfiguration.class,
					SecretsRefreshAutoConfiguration.class, SecretsMetricsAutoConfiguration.class))
			.withPropertyValues("aws.secrets.endpoint=" + emulator.endpoint(),
					"aws.secrets.region=" + emulator.region())
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SecretsRefreshMetrics.class)
				.doesNotHaveBean(SecretsRequestMetrics.class)
				.doesNotHaveBean(SecretsInventory.class));
	}

	@Test
	void nothingIsConfiguredWithoutMicrometer() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SecretsRefreshMetrics.class)
				.doesNotHaveBean(SecretsRequestMetrics.class));
	}

	@Test
	void backsOffForBeansOfTheSameNames() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().withConfiguration(AutoConfigurations.of(SecretsDataSourceAutoConfiguration.class))
			.withBean("secretsRefreshMetrics", String.class, () -> "own refresh meters")
			.withBean("secretsRequestMetrics", String.class, () -> "own request meters")
			.withBean("secretsDataSourceMetrics", String.class, () -> "own data source meters")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SecretsRefreshMetrics.class)
				.doesNotHaveBean(SecretsRequestMetrics.class)
				.doesNotHaveBean(SecretsDataSourceMetrics.class));
	}

}
