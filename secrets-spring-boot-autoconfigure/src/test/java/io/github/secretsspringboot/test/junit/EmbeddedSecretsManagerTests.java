package io.github.secretsspringboot.test.junit;

import java.time.Duration;

import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.rotation.BuiltInRotationFunctions;
import io.github.secretsspringboot.test.rotation.SecretRotations;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A user's {@code @SpringBootTest} with {@link EmbeddedSecretsManager}: secrets seeded
 * from a file and from code are imported, and changes made through the emulator reach the
 * application.
 */
@SpringBootTest(classes = EmbeddedSecretsManagerTests.Application.class,
		properties = { "spring.config.import=aws-secret:it/app/config;aws-secret:it/app/api-key",
				"aws.secrets.refresh.interval=200ms" })
@EmbeddedSecretsManager(seed = "classpath:embedded-secrets-manager/seed.json")
class EmbeddedSecretsManagerTests {

	@Autowired
	private Environment environment;

	@BeforeAll
	static void createSecretsInCode(SecretsManagerEmulator emulator) {
		emulator.client().createSecret((secret) -> secret.name("it/app/api-key").secretString("{\"api_key\":\"k-1\"}"));
	}

	@Test
	void secretsFromTheSeedAndFromCodeAreProperties() {
		assertThat(this.environment.getProperty("service.url")).isEqualTo("https://payments.example.test");
		assertThat(this.environment.getProperty("service.retries", Integer.class)).isEqualTo(3);
		assertThat(this.environment.getProperty("api_key")).isEqualTo("k-1");
	}

	@Test
	void theApplicationTalksToTheEmulatorOfTheClass(SecretsManagerEmulator emulator) {
		assertThat(this.environment.getProperty("aws.secrets.endpoint")).isEqualTo(emulator.endpoint().toString());
		assertThat(emulator.control().totalRequests()).isPositive();
	}

	@Test
	void aRotationStartedFromTheTestReachesTheApplication(SecretsManagerEmulator emulator) {
		String token = SecretRotations.rotate(emulator, "it/app/api-key",
				BuiltInRotationFunctions.arn(emulator, BuiltInRotationFunctions.ROTATE_API_KEY));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> emulator.rotation(token).orElseThrow(), RotationOutcome::isSucceeded);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.environment.getProperty("api_key")).isNotEqualTo("k-1"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
