package io.github.secretsspringboot.refresh;

import java.time.Duration;

import io.github.secretsspringboot.client.SecretsManagerClientAutoConfiguration;
import io.github.secretsspringboot.config.SecretPropertySources;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The auto-configuration, with and without Spring Cloud Context on the classpath. */
class SecretsRefreshAutoConfigurationTests extends RefreshTestSupport {

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecretsManagerClientAutoConfiguration.class,
					SecretsRefreshAutoConfiguration.class))
			.withPropertyValues("aws.secrets.endpoint=" + emulator.endpoint(),
					"aws.secrets.region=" + emulator.region(), "aws.secrets.refresh.interval=200ms",
					"aws.secrets.refresh.jitter=0")
			.withBean(ChangeRecorder.class);
	}

	/**
	 * Adds the property source the import would have loaded, as config data loading does.
	 */
	private ApplicationContextRunner importing(ApplicationContextRunner runner, String configImport) {
		return runner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(SecretPropertySources.load(secrets(), configImport)));
	}

	@Test
	void changesAreAppliedAndPublishedWithoutSpringCloudContext() {
		createSecret("prod/app/api", "{\"api-key\": \"key-1\"}");
		importing(runner(), "aws-secret:prod/app/api")
			.withClassLoader(new FilteredClassLoader("org.springframework.cloud"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(SecretsRefresher.class)
					.hasSingleBean(SecretRefreshRegistry.class)
					.doesNotHaveBean(SpringCloudRefreshBridge.class);
				assertThat(context.getEnvironment().getProperty("api-key")).isEqualTo("key-1");
				putValue("prod/app/api", "{\"api-key\": \"key-2\"}");
				await().atMost(Duration.ofSeconds(5))
					.until(() -> "key-2".equals(context.getEnvironment().getProperty("api-key")));
				await().atMost(Duration.ofSeconds(5))
					.until(() -> context.getBean(ChangeRecorder.class).events.size() == 1);
			});
	}

	@Test
	void springCloudContextIsToldOfChangesWhenPresent() {
		runner().run((context) -> assertThat(context).hasSingleBean(SpringCloudRefreshBridge.class));
	}

	@Test
	void disabledRefreshConfiguresNothing() {
		runner().withPropertyValues("aws.secrets.refresh.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SecretsRefresher.class)
				.doesNotHaveBean(SecretRefreshRegistry.class)
				.doesNotHaveBean(SpringCloudRefreshBridge.class));
	}

	@Test
	void withoutImportsNothingIsPolled() {
		runner().run((context) -> {
			assertThat(context.getBean(SecretRefreshRegistry.class).isEmpty()).isTrue();
			assertThat(context.getBean(SecretsRefresher.class).isRunning()).isTrue();
			await().during(Duration.ofMillis(800))
				.atMost(Duration.ofSeconds(2))
				.until(() -> emulator.control().totalRequests() == 0);
		});
	}

	@Test
	void invalidSettingsAreReportedAtStartup() {
		runner().withPropertyValues("aws.secrets.refresh.jitter=1.5")
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("jitter"));
	}

}
