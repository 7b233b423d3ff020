package io.github.secretsspringboot.shapes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.secretsspringboot.refresh.SecretsChangedEvent;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@code optional:} secret that could not be loaded at startup is loaded once it can
 * be read, without a restart: its properties appear with the precedence of the import,
 * the application is told with a {@link SecretsChangedEvent},
 * {@code @ConfigurationProperties} beans rebind (with Spring Cloud) and health no longer
 * reports it as not loaded.
 */
@ExtendWith(OutputCaptureExtension.class)
class TrackingOptionalSecretTests {

	static final String CANARY = "Canary-opt-5d7e21a9";

	static final Duration WAIT = Duration.ofSeconds(60);

	static SecretsManagerEmulator emulator;

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@BeforeEach
	void clearEmulator() {
		emulator.clear();
		emulator.control().reset();
	}

	/**
	 * Whether {@code @ConfigurationProperties} beans rebind on a change: with Spring
	 * Cloud only.
	 */
	static boolean rebinds() {
		return ClassUtils.isPresent("org.springframework.cloud.context.environment.EnvironmentChangeEvent", null);
	}

	@Test
	void secretCreatedAfterStartupIsLoaded(CapturedOutput output) {
		try (ConfigurableApplicationContext context = application("prod/app/feature").run()) {
			assertThat(context.getEnvironment().getProperty("feature.flag")).isEqualTo("fallback");
			assertThat(secretHealth(context, "prod/app/feature")).containsEntry("state", "NOT_LOADED");
			emulator.client()
				.createSecret((secret) -> secret.name("prod/app/feature")
					.secretString("{\"flag\":\"on\",\"token\":\"" + CANARY + "\"}"));
			assertLoaded(context, "prod/app/feature");
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	@Test
	void secretWhoseAccessIsGrantedAfterStartupIsLoaded(CapturedOutput output) {
		emulator.client()
			.createSecret((secret) -> secret.name("prod/app/denied")
				.secretString("{\"flag\":\"on\",\"token\":\"" + CANARY + "\"}"));
		emulator.control().denyAccess("prod/app/denied");
		try (ConfigurableApplicationContext context = application("prod/app/denied").run()) {
			assertThat(context.getEnvironment().getProperty("feature.flag")).isEqualTo("fallback");
			assertThat(secretHealth(context, "prod/app/denied")).containsEntry("state", "NOT_LOADED")
				.containsEntry("reason", "ACCESS_DENIED");
			emulator.control().allowAccess("prod/app/denied");
			assertLoaded(context, "prod/app/denied");
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	@Test
	void secretThatStaysMissingCostsOneDescribeSecretPerCheck() {
		try (ConfigurableApplicationContext context = application("prod/app/never").run()) {
			emulator.control().resetCounters();
			await().atMost(WAIT).until(() -> emulator.control().requestCount("DescribeSecret") >= 3);
			assertThat(emulator.control().requestCount("GetSecretValue")).isZero();
			assertThat(context.getEnvironment().getProperty("feature.flag")).isEqualTo("fallback");
		}
	}

	private void assertLoaded(ConfigurableApplicationContext context, String secretId) {
		// The secret's import comes before application.yml: its value wins once loaded.
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(context.getEnvironment().getProperty("feature.flag")).isEqualTo("on");
			assertThat(context.getBean(Changes.class).propertyNames()).contains("feature.flag");
			assertThat(secretHealth(context, secretId)).containsEntry("state", "FRESH");
			if (rebinds()) {
				assertThat(context.getBean(FeatureProperties.class).getFlag()).isEqualTo("on");
			}
		});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> secretHealth(ConfigurableApplicationContext context, String secretId) {
		Health health = context.getBean("secretsHealthIndicator", HealthIndicator.class).health();
		Map<String, Object> secrets = (Map<String, Object>) health.getDetails().get("secrets");
		return (Map<String, Object>) secrets.get(secretId);
	}

	private static UserApplication application(String secretId) {
		return UserApplication.of(App.class).file("application.yml", """
				spring.config.import: optional:aws-secret:%s?prefix=feature
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				aws.secrets:
				  endpoint: %s
				  region: %s
				  refresh:
				    interval: 200ms
				    max-backoff: 400ms
				feature.flag: fallback
				""".formatted(secretId, emulator.endpoint(), emulator.region()));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableConfigurationProperties(FeatureProperties.class)
	static class App {

		@Bean
		Changes changes() {
			return new Changes();
		}

	}

	static class Changes implements ApplicationListener<SecretsChangedEvent> {

		private final List<String> propertyNames = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(SecretsChangedEvent event) {
			this.propertyNames.addAll(event.getChangedPropertyNames());
		}

		List<String> propertyNames() {
			return this.propertyNames;
		}

	}

	@ConfigurationProperties("feature")
	static class FeatureProperties {

		private String flag;

		public String getFlag() {
			return this.flag;
		}

		public void setFlag(String flag) {
			this.flag = flag;
		}

	}

}
