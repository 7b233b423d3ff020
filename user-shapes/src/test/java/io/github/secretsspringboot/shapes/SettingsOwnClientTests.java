package io.github.secretsspringboot.shapes;

import java.time.Duration;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application that defines its own {@link SecretsManagerClient} bean, for its own
 * calls, and imports secrets too.
 */
class SettingsOwnClientTests {

	static SecretsManagerEmulator emulator;

	/** Where the application's own client points: not where the imports are read from. */
	static SecretsManagerEmulator elsewhere;

	@BeforeAll
	static void startEmulators() {
		emulator = SecretsManagerEmulator.start();
		emulator.client().createSecret((secret) -> secret.name("prod/app/api").secretString("{\"token\":\"t-1\"}"));
		elsewhere = SecretsManagerEmulator.start();
	}

	@AfterAll
	static void stopEmulators() {
		emulator.close();
		elsewhere.close();
	}

	@Test
	void ownClientIsTheOneInjectedAndImportsRefreshThroughTheImportClient() {
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).file("application.yml", """
				spring.config.import: aws-secret:prod/app/api?prefix=api
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				aws.secrets:
				  endpoint: %s
				  region: %s
				  refresh:
				    interval: 200ms
				    jitter: 0
				""".formatted(emulator.endpoint(), emulator.region())).run()) {
			SecretsManagerClient own = context.getBean("ordersSecretsManagerClient", SecretsManagerClient.class);
			assertThat(context.getBean(OrdersService.class).client).isSameAs(own);
			assertThat(context.getBean(SecretsManagerClient.class)).isSameAs(own);
			assertThat("t-1".equals(context.getEnvironment().getProperty("api.token"))).as("api.token loaded").isTrue();
			elsewhere.control().resetCounters();
			emulator.client().putSecretValue((put) -> put.secretId("prod/app/api").secretString("{\"token\":\"t-2\"}"));
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat("t-2".equals(context.getEnvironment().getProperty("api.token")))
					.as("api.token refreshed")
					.isTrue());
			assertThat(elsewhere.control().totalRequests()).as("requests through the application's own client")
				.isZero();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(OrdersService.class)
	static class App {

		@Bean
		SecretsManagerClient ordersSecretsManagerClient() {
			return elsewhere.newClient();
		}

	}

	static class OrdersService {

		final SecretsManagerClient client;

		OrdersService(SecretsManagerClient client) {
			this.client = client;
		}

	}

}
