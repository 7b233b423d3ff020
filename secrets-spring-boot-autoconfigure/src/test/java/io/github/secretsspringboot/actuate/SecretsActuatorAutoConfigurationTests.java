package io.github.secretsspringboot.actuate;

import io.github.secretsspringboot.client.SecretsManagerClientAutoConfiguration;
import io.github.secretsspringboot.client.SecretsManagerRequestObserver;
import io.github.secretsspringboot.config.SecretPropertySources;
import io.github.secretsspringboot.refresh.SecretsRefreshAutoConfiguration;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health, endpoint and metrics auto-configurations, with and without Actuator and
 * Micrometer on the classpath: the starter needs neither.
 */
class SecretsActuatorAutoConfigurationTests extends ActuatorTestSupport {

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecretsManagerClientAutoConfiguration.class,
					SecretsRefreshAutoConfiguration.class, SecretsHealthAutoConfiguration.class,
					SecretsEndpointAutoConfiguration.class, SecretsMetricsAutoConfiguration.class))
			.withPropertyValues("aws.secrets.endpoint=" + emulator.endpoint(),
					"aws.secrets.region=" + emulator.region())
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(SecretPropertySources.load(secrets(), "aws-secret:prod/app/db")))
			.withBean(SimpleMeterRegistry.class);
	}

	@Test
	void everythingIsConfiguredWithActuatorAndMicrometer() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(SecretsHealthIndicator.class)
				.hasSingleBean(SecretsRefreshMetrics.class)
				.hasSingleBean(SecretsRequestMetrics.class);
			assertThat(context.getBean(SecretsHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
			// The client the starter builds can be timed.
			assertThat(SecretsManagerRequestObserver.of(context.getBean(SecretsManagerClient.class))).isPresent();
			assertThat(context.getBean(SecretsRefresher.class).isRunning()).isTrue();
		});
	}

	@Test
	void metricsBackOffWithoutMicrometer() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().withClassLoader(new FilteredClassLoader("io.micrometer.core")).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(SecretsHealthIndicator.class)
				.hasSingleBean(SecretsRefresher.class)
				.doesNotHaveBean(SecretsRefreshMetrics.class)
				.doesNotHaveBean(SecretsRequestMetrics.class);
		});
	}

	@Test
	void nothingIsConfiguredWithoutActuator() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecretsManagerClientAutoConfiguration.class,
					SecretsRefreshAutoConfiguration.class, SecretsHealthAutoConfiguration.class,
					SecretsEndpointAutoConfiguration.class, SecretsMetricsAutoConfiguration.class))
			.withPropertyValues("aws.secrets.endpoint=" + emulator.endpoint(),
					"aws.secrets.region=" + emulator.region(), "management.endpoints.jmx.exposure.include=*")
			// Without the classes the auto-configurations look for (the conditions' own
			// classes stay).
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.health.contributor",
					"org.springframework.boot.actuate.endpoint", "io.micrometer.core"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(SecretsRefresher.class)
				.doesNotHaveBean(SecretsHealthIndicator.class)
				.doesNotHaveBean(SecretsEndpoint.class)
				.doesNotHaveBean(SecretsRefreshMetrics.class));
	}

	@Test
	void healthContributorCanBeReplaced() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().withBean("secretsHealthIndicator", Object.class, Object::new)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SecretsHealthIndicator.class));
	}

}
