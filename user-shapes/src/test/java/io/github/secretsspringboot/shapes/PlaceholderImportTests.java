package io.github.secretsspringboot.shapes;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secret's keys read through the application's own property names, as most applications
 * write them.
 */
class PlaceholderImportTests {

	static SecretsManagerEmulator emulator;

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
		emulator.client()
			.createSecret((secret) -> secret.name("prod/app/api").secretString("{\"token\":\"t-1\",\"user\":\"svc\"}"));
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@Test
	void placeholdersResolveToTheSecretsKeys() {
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).file("application.yml", """
				spring.config.import: aws-secret:prod/app/api?prefix=api
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				aws.secrets:
				  endpoint: %s
				  region: %s
				client:
				  token: ${api.token}
				  user: ${api.user}
				""".formatted(emulator.endpoint(), emulator.region())).run()) {
			assertThat(context.getEnvironment().getProperty("client.token")).isEqualTo("t-1");
			assertThat(context.getEnvironment().getProperty("client.user")).isEqualTo("svc");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
