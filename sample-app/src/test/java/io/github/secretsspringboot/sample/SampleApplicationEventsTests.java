package io.github.secretsspringboot.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application as its embedded default runs it: events on and the periodic
 * check once an hour. A rotation of the payment API key must reach the application
 * through the emulator's event, long before the next periodic check.
 */
class SampleApplicationEventsTests {

	private static SampleBackends backends;

	private static ConfigurableApplicationContext application;

	private static URI base;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void start() {
		backends = SampleBackends.start(0, Duration.ofSeconds(1));
		List<String> arguments = new ArrayList<>(backends.applicationArguments());
		arguments.add("--server.port=0");
		System.setProperty("aws.accessKeyId", "sample");
		System.setProperty("aws.secretAccessKey", "sample");
		application = SpringApplication.run(SampleApplication.class, arguments.toArray(String[]::new));
		base = URI.create("http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port"));
	}

	@AfterAll
	static void stop() {
		if (application != null) {
			application.close();
		}
		if (backends != null) {
			backends.close();
		}
	}

	@Test
	void rotatedApiKeyArrivesThroughTheEventWithAnHourlyCheck() throws Exception {
		assertThat(application.getEnvironment().getProperty("aws.secrets.refresh.interval")).isEqualTo("1h");
		String before = backends.currentApiKey();
		backends.rotateApiKey();
		await().atMost(Duration.ofSeconds(10)).until(() -> !backends.currentApiKey().equals(before));
		String rotated = backends.currentApiKey();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertSameSecret(application.getEnvironment().getProperty("payments.api-key"), rotated,
					"payments.api-key after the rotation"));
		HttpResponse<String> secrets = this.http.send(HttpRequest.newBuilder(base.resolve("/actuator/secrets")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(secrets.body()).contains("CONNECTED");
		assertThat(secrets.body().contains(rotated) || secrets.body().contains(before))
			.as("/actuator/secrets shows an API key")
			.isFalse();
	}

}
