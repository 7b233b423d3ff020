package io.github.secretsspringboot.shapes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that serves {@code /actuator/secrets} with an endpoint of its own,
 * declared as a {@code secretsEndpoint} bean: the starter's endpoint steps aside, its
 * health contributor stays.
 */
class SettingsOwnSecretsEndpointTests {

	private static final String CANARY = "canary-own-endpoint-3e9b";

	static SecretsManagerEmulator emulator;

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

	@Test
	void ownSecretsEndpointReplacesTheStartersOne() throws Exception {
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).web().file("application.yml", """
				spring.config.import: aws-secret:prod/app/api?prefix=api
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				aws.secrets:
				  endpoint: %s
				  region: %s
				management:
				  endpoints.web.exposure.include: health,secrets
				  endpoint.health.show-details: always
				""".formatted(emulator.endpoint(), emulator.region())).run()) {
			String port = context.getEnvironment().getProperty("local.server.port");
			assertThat(context.getBean("secretsEndpoint")).isInstanceOf(OwnSecretsEndpoint.class);
			HttpResponse<String> secrets = get(port, "/actuator/secrets");
			assertThat(secrets.statusCode()).as("status of /actuator/secrets").isEqualTo(200);
			assertThat(secrets.body().contains("orders-team"))
				.as("/actuator/secrets served by the application's endpoint")
				.isTrue();
			HttpResponse<String> health = get(port, "/actuator/health/secrets");
			assertThat(health.statusCode()).as("status of /actuator/health/secrets").isEqualTo(200);
			assertThat(health.body().contains("\"UP\"") && health.body().contains("prod/app/api"))
				.as("the starter's health contributor reports the import UP")
				.isTrue();
			assertThat(health.body().contains(CANARY)).as("the health response shows a secret value").isFalse();
		}
	}

	private static HttpResponse<String> get(String port, String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		OwnSecretsEndpoint secretsEndpoint() {
			return new OwnSecretsEndpoint();
		}

	}

	/** The team's own view of its secrets. */
	@Endpoint(id = "secrets")
	static class OwnSecretsEndpoint {

		@ReadOperation
		Map<String, String> secrets() {
			return Map.of("owner", "orders-team");
		}

	}

}
