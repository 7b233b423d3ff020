package io.github.secretsspringboot.shapes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Secret values that reach other properties through placeholders with text around them,
 * and the values of a previous version kept by a bean bound at startup, never shown by
 * {@code /actuator/env} or {@code /actuator/configprops}.
 */
class SettingsMaskingTests {

	private static final String HOST_V1 = "canary-host-v1-7f3a";

	private static final String TOKEN_V1 = "canary-token-v1-91c2";

	private static final String HOST_V2 = "canary-host-v2-c40e";

	private static final String TOKEN_V2 = "canary-token-v2-5b8d";

	static SecretsManagerEmulator emulator;

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
		emulator.client()
			.createSecret((secret) -> secret.name("prod/app/hooks")
				.secretString("{\"host\":\"" + HOST_V1 + "\",\"token\":\"" + TOKEN_V1 + "\"}"));
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@Test
	void valuesInCompositePlaceholdersAndPreviousVersionsAreMasked() throws Exception {
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).web().file("application.yml", """
				spring.config.import: aws-secret:prod/app/hooks?prefix=hooks
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				aws.secrets:
				  endpoint: %s
				  region: %s
				  refresh:
				    interval: 200ms
				    jitter: 0
				management:
				  endpoints.web.exposure.include: env,configprops
				  endpoint:
				    env.show-values: always
				    configprops.show-values: always
				orders:
				  database-url: jdbc:postgresql://${hooks.host}:5432/orders
				  webhook: https://hooks.example/services/${hooks.token}
				""".formatted(emulator.endpoint(), emulator.region())).run()) {
			String port = context.getEnvironment().getProperty("local.server.port");
			emulator.client()
				.putSecretValue((put) -> put.secretId("prod/app/hooks")
					.secretString("{\"host\":\"" + HOST_V2 + "\",\"token\":\"" + TOKEN_V2 + "\"}"));
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(TOKEN_V2.equals(context.getEnvironment().getProperty("hooks.token")))
					.as("hooks.token refreshed")
					.isTrue());
			assertThat(context.getBean(OrdersProperties.class).webhook().endsWith(TOKEN_V1))
				.as("the bean keeps the value bound at startup")
				.isTrue();
			for (String endpoint : List.of("env", "configprops")) {
				String body = get(port, endpoint);
				assertThat(body.contains("orders")).as("/actuator/%s lists the application's properties", endpoint)
					.isTrue();
				for (String canary : List.of(HOST_V1, TOKEN_V1, HOST_V2, TOKEN_V2)) {
					assertThat(body.contains(canary)).as("/actuator/%s shows a secret value", endpoint).isFalse();
				}
			}
		}
	}

	private static String get(String port, String endpoint) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/" + endpoint)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("status of /actuator/%s", endpoint).isEqualTo(200);
		return response.body();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableConfigurationProperties(OrdersProperties.class)
	static class App {

	}

	/**
	 * Bound once, through its constructor: keeps the values of the version read at
	 * startup.
	 */
	@ConfigurationProperties("orders")
	record OrdersProperties(String databaseUrl, String webhook) {

	}

}
