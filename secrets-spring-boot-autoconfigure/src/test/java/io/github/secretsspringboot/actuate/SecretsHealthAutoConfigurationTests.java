package io.github.secretsspringboot.actuate;

import java.time.Duration;

import io.github.secretsspringboot.client.SecretsManagerClientAutoConfiguration;
import io.github.secretsspringboot.config.SecretPropertySources;
import io.github.secretsspringboot.refresh.SecretsRefreshAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code secrets} health contributor's auto-configuration: its switch, its back-off,
 * its settings, and the inventory it shares.
 */
class SecretsHealthAutoConfigurationTests extends ActuatorTestSupport {

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecretsManagerClientAutoConfiguration.class,
					SecretsRefreshAutoConfiguration.class, SecretsHealthAutoConfiguration.class))
			.withPropertyValues("aws.secrets.endpoint=" + emulator.endpoint(),
					"aws.secrets.region=" + emulator.region())
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(SecretPropertySources.load(secrets(), "aws-secret:prod/app/db")));
	}

	@Test
	void reportsTheImportedSecretsUp() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(SecretsHealthIndicator.class);
			assertThat(context.getBean(SecretsHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void settingsDefaultToThoseDocumented() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().run((context) -> {
			SecretsHealthProperties properties = context.getBean(SecretsHealthProperties.class);
			assertThat(properties.getMaxStaleness()).isNull();
			assertThat(properties.getRotationOverdueGrace()).isEqualTo(Duration.ofHours(1));
			assertThat(properties.getStuckRotationThreshold()).isEqualTo(Duration.ofHours(1));
			assertThat(properties.getDegradedStatus()).isEqualTo("DEGRADED");
			// Three refresh intervals of five minutes.
			assertThat(context.getBean(SecretsInventory.class).maxStaleness()).isEqualTo(Duration.ofMinutes(15));
		});
	}

	@Test
	void maxStalenessDefaultsToThreeRefreshIntervals() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().withPropertyValues("aws.secrets.refresh.interval=1m")
			.run((context) -> assertThat(context.getBean(SecretsInventory.class).maxStaleness())
				.isEqualTo(Duration.ofMinutes(3)));
	}

	@Test
	void settingsCanBeOverridden() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner()
			.withPropertyValues("aws.secrets.health.max-staleness=1ms",
					"aws.secrets.health.degraded-status=OUT_OF_SERVICE",
					"aws.secrets.health.rotation-overdue-grace=10m", "aws.secrets.health.stuck-rotation-threshold=2h")
			.run((context) -> {
				SecretsHealthProperties properties = context.getBean(SecretsHealthProperties.class);
				assertThat(properties.getRotationOverdueGrace()).isEqualTo(Duration.ofMinutes(10));
				assertThat(properties.getStuckRotationThreshold()).isEqualTo(Duration.ofHours(2));
				assertThat(context.getBean(SecretsInventory.class).maxStaleness()).isEqualTo(Duration.ofMillis(1));
				// Not checked within a millisecond of loading: stale.
				await().atMost(Duration.ofSeconds(10))
					.until(() -> context.getBean(SecretsHealthIndicator.class).health().getStatus(),
							Status.OUT_OF_SERVICE::equals);
			});
	}

	@Test
	void withoutRefreshNothingIsStale() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().withPropertyValues("aws.secrets.refresh.enabled=false", "aws.secrets.health.max-staleness=1ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(SecretsInventory.class).maxStaleness()).isNull();
				assertThat(context.getBean(SecretsHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void invalidSettingsAreReportedAtStartup() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().withPropertyValues("aws.secrets.health.max-staleness=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("max-staleness"));
	}

	@Test
	void canBeTurnedOff() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().withPropertyValues("management.health.secrets.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SecretsHealthIndicator.class)
				.doesNotHaveBean(SecretsInventory.class)
				.doesNotHaveBean(SecretsHealthProperties.class));
	}

	@Test
	void nothingIsConfiguredWithoutActuatorHealth() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().withClassLoader(new FilteredClassLoader("org.springframework.boot.health.contributor"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SecretsHealthIndicator.class)
				.doesNotHaveBean(SecretsInventory.class));
	}

	@Test
	void backsOffForABeanOfTheSameName() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		runner().withBean("secretsHealthIndicator", String.class, () -> "own")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SecretsHealthIndicator.class)
				.getBean("secretsHealthIndicator")
				.isEqualTo("own"));
	}

}
