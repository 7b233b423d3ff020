package io.github.secretsspringboot.shapes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An application that imports a secret, started on a machine with no AWS region and no
 * AWS credentials anywhere (a CI machine, a new laptop), when its files do not name what
 * is missing: it stops before running, naming the secret and what to set, and never shows
 * the secret's value.
 */
@ExtendWith(OutputCaptureExtension.class)
class CleanMachineImportTests {

	private static final String CANARY = "clean-machine-canary-4e7b";

	private static final String[] SYSTEM_PROPERTIES = { "aws.region", "aws.accessKeyId", "aws.secretAccessKey",
			"aws.configFile", "aws.sharedCredentialsFile", "aws.disableEc2Metadata" };

	private static SecretsManagerEmulator emulator;

	private final Map<String, String> saved = new LinkedHashMap<>();

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
		emulator.client()
			.createSecret((secret) -> secret.name("prod/app/api").secretString("{\"token\":\"" + CANARY + "\"}"));
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@BeforeEach
	void nothingOfAwsOnTheMachine(@TempDir Path home) throws IOException {
		assumeTrue(
				System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null
						&& System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_CONFIG_FILE") == null
						&& System.getenv("AWS_SHARED_CREDENTIALS_FILE") == null,
				"no region or credentials in the environment");
		for (String name : SYSTEM_PROPERTIES) {
			this.saved.put(name, System.getProperty(name));
			System.clearProperty(name);
		}
		System.setProperty("aws.configFile", Files.createFile(home.resolve("config")).toString());
		System.setProperty("aws.sharedCredentialsFile", Files.createFile(home.resolve("credentials")).toString());
		System.setProperty("aws.disableEc2Metadata", "true");
	}

	@AfterEach
	void restore() {
		this.saved.forEach((name, value) -> {
			if (value != null) {
				System.setProperty(name, value);
			}
			else {
				System.clearProperty(name);
			}
		});
	}

	@Test
	void withoutARegionTheApplicationStopsNamingTheSecretAndTheSetting(CapturedOutput output) {
		assertThatException().isThrownBy(() -> UserApplication.of(App.class).file("application.yml", """
				spring.config.import: aws-secret:prod/app/api?prefix=api
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				aws.secrets.endpoint: %s
				""".formatted(emulator.endpoint())).run());
		assertThat(output.getAll().contains(CANARY)).as("canary absent").isFalse();
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("'prod/app/api'")
			.contains("aws.secrets.region");
	}

	@Test
	void withoutCredentialsTheApplicationStopsNamingTheSecretAndTheCause(CapturedOutput output) {
		assertThatException().isThrownBy(() -> UserApplication.of(App.class).noCredentials().file("application.yml", """
				spring.config.import: aws-secret:prod/app/api?prefix=api
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				aws.secrets.endpoint: %s
				aws.secrets.region: %s
				""".formatted(emulator.endpoint(), emulator.region())).run());
		assertThat(output.getAll().contains(CANARY)).as("canary absent").isFalse();
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("'prod/app/api'")
			.contains("Unable to load credentials");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
