package io.github.secretsspringboot.shapes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.test.rotation.SecretRotations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /actuator/refresh} (Spring Cloud's ContextRefresher, as Spring Cloud Bus
 * and Kubernetes config reloads run it) after a rotation: when the call returns, the
 * environment, the pool and the application's settings hold the new version.
 */
@ExtendWith(OutputCaptureExtension.class)
@DisabledIfSystemProperty(named = "shapes.classpath", matches = "without-spring-cloud",
		disabledReason = "needs Spring Cloud Context on the classpath")
class RefreshContextRefresherTests extends PoolTestSupport {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void actuatorRefreshAfterARotationPutsTheNewVersionInForce(CapturedOutput output) throws Exception {
		Database database = newDatabase();
		String secretId = "shapes/context-refresh/db";
		createSecret(secretId, database.rdsSecret());
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).web().file("application.yml", """
				spring.config.import: aws-secret:shapes/context-refresh/db?format=datasource
				spring.datasource.hikari.maximum-pool-size: 4
				management.endpoints.web.exposure.include: refresh
				aws.secrets.refresh.interval: 1h
				app.database.password: ${spring.datasource.password}
				""" + awsSecrets()).run()) {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			assertThat(failedQueriesOnNewConnections(dataSource)).isZero();
			// A full pool opens no connection during the rotation: a rejected login would
			// bring the
			// new version through the pool's own forced refresh before /actuator/refresh
			// is called.
			await().atMost(WAIT).until(() -> dataSource.getHikariPoolMXBean().getTotalConnections() == 4);
			String token = SecretRotations.rotateSingleUser(emulator, secretId);
			await().atMost(WAIT).until(() -> SecretRotations.isDone(emulator, token));
			assertThat(emulator.rotation(token).orElseThrow().isSucceeded()).as("rotation succeeded").isTrue();

			HttpResponse<String> response = postRefresh(context);

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("spring.datasource.password");
			String current = currentValue(secretId);
			String password = context.getEnvironment().getProperty("spring.datasource.password");
			assertThat(password != null && current.contains("\"" + password + "\""))
				.as("environment on the new version")
				.isTrue();
			assertThat(context.getBean(DatabaseSettings.class).isCurrent(context)).as("settings rebound").isTrue();
			assertThat(generation(context)).as("pool generation").isEqualTo(2);
			assertThat(failedQueriesOnNewConnections(dataSource)).isZero();

			// Nothing new to bring: nothing changes, and nothing is left behind per
			// refresh.
			long clients = RefreshContextRefresherClientsTests.liveSdkClients();
			for (int i = 0; i < 3; i++) {
				HttpResponse<String> again = postRefresh(context);
				assertThat(again.statusCode()).isEqualTo(200);
				assertThat(again.body()).doesNotContain("spring.datasource");
			}
			assertThat(RefreshContextRefresherClientsTests.liveSdkClients())
				.as("SDK clients after three more refreshes")
				.isLessThanOrEqualTo(clients);
			assertThat(generation(context)).isEqualTo(2);
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	private HttpResponse<String> postRefresh(ConfigurableApplicationContext context) throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/refresh"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableConfigurationProperties(DatabaseSettings.class)
	static class App {

	}

}
