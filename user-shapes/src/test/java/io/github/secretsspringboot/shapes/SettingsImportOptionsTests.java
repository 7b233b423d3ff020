package io.github.secretsspringboot.shapes;

import io.github.secretsspringboot.core.SecretImportException;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Option values as users write them in {@code application.yml}, and two secrets that hold
 * the same property name.
 */
class SettingsImportOptionsTests {

	static SecretsManagerEmulator emulator;

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
		emulator.client()
			.createSecret((secret) -> secret.name("prod/app/keys")
				.secretString("{\"a+b\":\"plus-value\",\"a b\":\"space-value\"}"));
		emulator.client()
			.createSecret((secret) -> secret.name("prod/app/first").secretString("{\"shared\":\"from-first\"}"));
		emulator.client()
			.createSecret((secret) -> secret.name("prod/app/second").secretString("{\"shared\":\"from-second\"}"));
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	private UserApplication application(String configImport) {
		return UserApplication.of(App.class).file("application.yml", """
				spring.config.import: %s
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				aws.secrets:
				  endpoint: %s
				  region: %s
				""".formatted(configImport, emulator.endpoint(), emulator.region()));
	}

	@Test
	void plusInAKeyIsAPlus() {
		try (ConfigurableApplicationContext context = application("aws-secret:prod/app/keys?key=a+b&as=picked").run()) {
			assertThat("plus-value".equals(context.getEnvironment().getProperty("picked")))
				.as("'picked' holds the value of key 'a+b'")
				.isTrue();
		}
	}

	@Test
	void escapedPlusInAKeyIsAPlus() {
		try (ConfigurableApplicationContext context = application("aws-secret:prod/app/keys?key=a%2Bb&as=picked")
			.run()) {
			assertThat("plus-value".equals(context.getEnvironment().getProperty("picked")))
				.as("'picked' holds the value of key 'a+b'")
				.isTrue();
		}
	}

	@Test
	void strayPercentIsTheStartersOwnError() {
		Throwable failure = catchThrowable(() -> application("aws-secret:prod/app/keys?key=100%&as=picked").run());
		assertThat(NestedExceptionUtils.getMostSpecificCause(failure)).isInstanceOf(SecretImportException.class)
			.hasMessageContaining("aws-secret:prod/app/keys?key=100%&as=picked")
			.hasMessageContaining("option 'key'")
			.hasMessageContaining("%25");
	}

	@Test
	void laterSecretOfAnImportWins() {
		try (ConfigurableApplicationContext context = application("aws-secret:prod/app/first;prod/app/second").run()) {
			assertThat(context.getEnvironment().getProperty("shared")).as("'shared'").isEqualTo("from-second");
		}
	}

	@Test
	void laterImportWins() {
		try (ConfigurableApplicationContext context = application(
				"[aws-secret:prod/app/first, aws-secret:prod/app/second]")
			.run()) {
			assertThat(context.getEnvironment().getProperty("shared")).as("'shared'").isEqualTo("from-second");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
