package io.github.secretsspringboot.shapes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.cloud.refresh.enabled=false}: Spring Cloud defines no
 * {@code ContextRefresher} and no {@code /actuator/refresh}; the application starts with
 * Spring Cloud Context on the classpath, and {@code POST /actuator/secrets} brings a new
 * version.
 */
@ExtendWith(OutputCaptureExtension.class)
@DisabledIfSystemProperty(named = "shapes.classpath", matches = "without-spring-cloud",
		disabledReason = "needs Spring Cloud Context on the classpath")
class RefreshContextRefresherDisabledTests extends PoolTestSupport {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void withoutContextRefresherSecretsAreRefreshedThroughTheirEndpoint(CapturedOutput output) throws Exception {
		String secretId = "shapes/context-refresh-disabled/app";
		createSecret(secretId, "{\"app.greeting\":\"" + CANARY + "-0\"}");
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).web().file("application.yml", """
				spring.config.import: aws-secret:%s
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				spring.cloud.refresh.enabled: false
				management.endpoints.web.exposure.include: refresh,secrets
				aws.secrets.refresh.interval: 1h
				""".formatted(secretId) + awsSecrets()).run()) {
			assertThat(context.getBeansOfType(ContextRefresher.class)).isEmpty();
			assertThat(post(context, "/actuator/refresh").statusCode()).isEqualTo(404);
			putSecretValue(secretId, "{\"app.greeting\":\"" + CANARY + "-1\"}");

			HttpResponse<String> response = post(context, "/actuator/secrets");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("app.greeting");
			assertThat((CANARY + "-1").equals(context.getEnvironment().getProperty("app.greeting")))
				.as("new version in force")
				.isTrue();
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	private HttpResponse<String> post(ConfigurableApplicationContext context, String path) throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
