package io.github.secretsspringboot.refresh;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.secretsspringboot.client.AwsSecretsProperties;
import io.github.secretsspringboot.client.SecretsManagerClientAutoConfiguration;
import io.github.secretsspringboot.config.SecretPropertySources;
import io.github.secretsspringboot.test.emulator.FaultKind;
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

	@Test
	void settingsDefaultToThoseDocumented() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecretsManagerClientAutoConfiguration.class,
					SecretsRefreshAutoConfiguration.class))
			.withPropertyValues("aws.secrets.endpoint=" + emulator.endpoint(),
					"aws.secrets.region=" + emulator.region())
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(AwsSecretsProperties.class);
				SecretsRefreshProperties properties = context.getBean(SecretsRefreshProperties.class);
				assertThat(properties.isEnabled()).isTrue();
				assertThat(properties.getInterval()).isEqualTo(Duration.ofMinutes(5));
				assertThat(properties.getJitter()).isEqualTo(0.1);
				assertThat(properties.getMode()).isEqualTo(SecretsRefreshProperties.Mode.DESCRIBE);
				assertThat(properties.getMaxBackoff()).isEqualTo(Duration.ofMinutes(30));
				assertThat(properties.getForcedRefreshMinSpacing()).isEqualTo(Duration.ofSeconds(10));
				assertThat(properties.isRefreshScope()).isFalse();
			});
	}

	@Test
	void settingsCanBeOverridden() {
		runner()
			.withPropertyValues("aws.secrets.refresh.mode=batch", "aws.secrets.refresh.max-backoff=1m",
					"aws.secrets.refresh.forced-refresh-min-spacing=0s", "aws.secrets.refresh.refresh-scope=true")
			.run((context) -> {
				SecretsRefreshProperties properties = context.getBean(SecretsRefreshProperties.class);
				assertThat(properties.getInterval()).isEqualTo(Duration.ofMillis(200));
				assertThat(properties.getJitter()).isZero();
				assertThat(properties.getMode()).isEqualTo(SecretsRefreshProperties.Mode.BATCH);
				assertThat(properties.getMaxBackoff()).isEqualTo(Duration.ofMinutes(1));
				assertThat(properties.getForcedRefreshMinSpacing()).isZero();
				assertThat(properties.isRefreshScope()).isTrue();
			});
	}

	@Test
	void withoutSpringCloudContextNeitherTheBridgeNorTheLiveImports() {
		runner().withClassLoader(new FilteredClassLoader("org.springframework.cloud"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(SecretsRefresher.class)
				.doesNotHaveBean(SpringCloudRefreshBridge.class)
				.doesNotHaveBean(RefresherLiveImports.class));
	}

	@Test
	void withSpringCloudContextTheLiveImportsServeItsBootstrapContext() {
		runner().run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(SpringCloudRefreshBridge.class)
			.hasSingleBean(RefresherLiveImports.class));
	}

	@Test
	void callsAreBoundedByTheApiCallTimeout() {
		createSecret("prod/app/api", "{\"api-key\": \"key-1\"}");
		importing(runner(), "aws-secret:prod/app/api")
			.withPropertyValues("aws.secrets.refresh.interval=1h", "aws.secrets.api-call-timeout=300ms",
					"aws.secrets.retry.max-attempts=1")
			.run((context) -> {
				// Held back far longer than the timeout: the call gives up, the check
				// fails.
				emulator.control().timeoutDelay(Duration.ofSeconds(10)).failRequests(FaultKind.TIMEOUT, 1.0);
				RefreshResult result = context.getBean(SecretsRefresher.class)
					.refresh("prod/app/api", RefreshCause.REQUEST)
					.get(30, TimeUnit.SECONDS);
				assertThat(result.failed()).isTrue();
				assertThat(result.changed()).isFalse();
			});
	}

}
