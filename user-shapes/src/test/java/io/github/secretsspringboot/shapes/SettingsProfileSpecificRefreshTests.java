package io.github.secretsspringboot.shapes;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configuration file edited while the application runs, then Spring Cloud's context
 * refresh (as {@code POST /actuator/refresh} runs it): the check that imports were loaded
 * with the final {@code aws.secrets.*} settings belongs to the start and does not fail
 * the refresh.
 */
@DisabledIfSystemProperty(named = "shapes.classpath", matches = "without-spring-cloud",
		disabledReason = "needs Spring Cloud Context on the classpath")
class SettingsProfileSpecificRefreshTests {

	static SecretsManagerEmulator emulator;

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
		emulator.client().createSecret((secret) -> secret.name("prod/app/api").secretString("{\"token\":\"a-token\"}"));
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	private String applicationYml(String apiCallTimeout) {
		return """
				spring.config.import: aws-secret:prod/app/api?prefix=api
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				app.greeting: %s
				aws.secrets:
				  endpoint: %s
				  region: %s
				  api-call-timeout: %s
				""".formatted(apiCallTimeout, emulator.endpoint(), emulator.region(), apiCallTimeout);
	}

	@Test
	void refreshAfterAnImportSettingIsEditedSucceeds() throws Exception {
		try (ConfigurableApplicationContext context = UserApplication.of(App.class)
			.file("application.yml", applicationYml("10s"))
			.run()) {
			String location = context.getEnvironment().getProperty("spring.config.location");
			Path folder = Path.of(location.substring("file:".length(), location.indexOf(';')));
			Files.writeString(folder.resolve("application.yml"), applicationYml("20s"));

			context.getBean(ContextRefresher.class).refresh();

			assertThat(context.getEnvironment().getProperty("app.greeting")).isEqualTo("20s");
			assertThat("a-token".equals(context.getEnvironment().getProperty("api.token"))).as("api.token kept")
				.isTrue();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
