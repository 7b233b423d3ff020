package io.github.secretsspringboot.shapes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.rotation.BuiltInRotationFunctions;
import io.github.secretsspringboot.test.rotation.SecretRotations;
import io.github.secretsspringboot.test.sqs.EmbeddedSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application whose secrets are refreshed by Secrets Manager's events, delivered to an
 * SQS queue it names in a profile-specific file, with the periodic check once an hour: a
 * rotation is in force as soon as its event arrives, a queue that fails degrades health
 * without stopping anything, poison messages are counted and deleted, and an explicit
 * refresh still works.
 */
@ExtendWith(OutputCaptureExtension.class)
class EventDrivenRefreshTests {

	static final String CANARY = "Canary-evt-3c9f52e1";

	static final Duration WAIT = Duration.ofSeconds(60);

	static final String SECRET = "shapes/events/payments";

	static SecretsManagerEmulator emulator;

	static EmbeddedSqs sqs;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		emulator = SecretsManagerEmulator.start();
		BuiltInRotationFunctions.registerWith(emulator);
		sqs = EmbeddedSqs.start();
	}

	@AfterAll
	static void stop() {
		sqs.close();
		emulator.close();
	}

	@BeforeEach
	void clearEmulator() {
		emulator.clear();
		emulator.control().reset();
		emulator.client()
			.createSecret((secret) -> secret.name(SECRET)
				.secretString("{\"api_key\": \"" + CANARY + "\", \"merchant\": \"shapes\"}"));
	}

	@Test
	void rotationIsInForceAsSoonAsItsEventArrives(CapturedOutput output) throws Exception {
		String queueUrl = sqs.createQueue("payments-" + UUID.randomUUID());
		String newKey;
		try (ConfigurableApplicationContext context = application(queueUrl).run()) {
			assertSameSecret(context.getEnvironment().getProperty("app.payments.key"), CANARY, "app.payments.key");
			newKey = rotate();
			assertSameSecret(context.getEnvironment().getProperty("app.payments.key"), CANARY,
					"app.payments.key (no check before the event)");
			send(sqs, queueUrl, labelUpdated(SecretRotations.currentVersion(emulator, SECRET)));
			await().atMost(WAIT)
				.untilAsserted(() -> assertSameSecret(context.getEnvironment().getProperty("app.payments.key"), newKey,
						"app.payments.key"));
			// Counted once the refresh completed, after the new values are in force.
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(events(health(context))).containsEntry("mode", "queue")
					.containsEntry("queue", queueUrl)
					.containsEntry("state", "CONNECTED")
					.containsEntry("applied", 1L)
					.containsKey("lastEventAt")
					.containsKey("lag"));
			String endpoint = get(context, "/actuator/secrets");
			assertThat(endpoint).contains("\"events\"").contains("\"state\":\"CONNECTED\"");
			assertThat(endpoint).doesNotContain(CANARY).doesNotContain(newKey);
			assertThat(get(context, "/actuator/health")).doesNotContain(CANARY).doesNotContain(newKey);
		}
		assertThat(output.getAll()).doesNotContain(CANARY).doesNotContain(newKey);
	}

	@Test
	void queueThatCannotBeReadDegradesHealthUntilItCan() {
		String name = "payments-late-" + UUID.randomUUID();
		String queueUrl = sqs.endpoint() + "/" + sqs.accountId() + "/" + name;
		try (ConfigurableApplicationContext context = application(queueUrl).run()) {
			await().atMost(WAIT).untilAsserted(() -> {
				Health health = health(context);
				assertThat(health.getStatus()).isEqualTo(new Status("DEGRADED"));
				assertThat(events(health)).containsEntry("state", "FAILING").containsKey("lastError");
			});
			assertSameSecret(context.getEnvironment().getProperty("app.payments.key"), CANARY, "app.payments.key");
			sqs.createQueue(name);
			await().atMost(WAIT).untilAsserted(() -> {
				Health health = health(context);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(events(health)).containsEntry("state", "CONNECTED").doesNotContainKey("lastError");
			});
			String newKey = rotate();
			send(sqs, queueUrl, labelUpdated(SecretRotations.currentVersion(emulator, SECRET)));
			await().atMost(WAIT)
				.untilAsserted(() -> assertSameSecret(context.getEnvironment().getProperty("app.payments.key"), newKey,
						"app.payments.key"));
		}
	}

	@Test
	void sqsThatGoesDownDegradesHealthAndRecovers() {
		EmbeddedSqs own = EmbeddedSqs.start();
		int port = own.endpoint().getPort();
		String queueUrl = own.createQueue("payments-outage");
		EmbeddedSqs back = null;
		try (ConfigurableApplicationContext context = application(queueUrl).run()) {
			await().atMost(WAIT).until(() -> "CONNECTED".equals(events(health(context)).get("state")));
			own.close();
			await().atMost(WAIT).untilAsserted(() -> {
				Health health = health(context);
				assertThat(health.getStatus()).isEqualTo(new Status("DEGRADED"));
				assertThat(events(health)).containsEntry("state", "FAILING");
			});
			back = EmbeddedSqs.builder().port(port).start();
			back.createQueue("payments-outage");
			await().atMost(WAIT).until(() -> health(context).getStatus().equals(Status.UP));
			String newKey = rotate();
			send(back, queueUrl, labelUpdated(SecretRotations.currentVersion(emulator, SECRET)));
			await().atMost(WAIT)
				.untilAsserted(() -> assertSameSecret(context.getEnvironment().getProperty("app.payments.key"), newKey,
						"app.payments.key"));
		}
		finally {
			if (back != null) {
				back.close();
			}
		}
	}

	@Test
	void poisonMessagesAreCountedAndDeleted(CapturedOutput output) {
		String queueUrl = sqs.createQueue("payments-poison-" + UUID.randomUUID());
		try (ConfigurableApplicationContext context = application(queueUrl).run()) {
			send(sqs, queueUrl, "{\"api_key\": \"" + CANARY);
			send(sqs, queueUrl, "not an event " + CANARY);
			send(sqs, queueUrl, "{\"source\": \"aws.secretsmanager\", \"detail-type\": \"Secret Label Updated\"}");
			await().atMost(WAIT).untilAsserted(() -> {
				assertThat(events(health(context))).containsEntry("invalid", 3L);
				Map<String, String> attributes = sqs.attributes(queueUrl);
				assertThat(attributes).containsEntry("ApproximateNumberOfMessages", "0")
					.containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
			});
			assertThat(health(context).getStatus()).isEqualTo(Status.UP);
		}
		assertThat(output.getAll()).doesNotContain(CANARY);
	}

	@Test
	void explicitRefreshStillWorksWithEventsOn() throws Exception {
		String queueUrl = sqs.createQueue("payments-explicit-" + UUID.randomUUID());
		try (ConfigurableApplicationContext context = application(queueUrl).run()) {
			String newKey = rotate();
			HttpResponse<String> response = post(context, springCloud() ? "/actuator/refresh" : "/actuator/secrets");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).doesNotContain(CANARY).doesNotContain(newKey);
			assertSameSecret(context.getEnvironment().getProperty("app.payments.key"), newKey, "app.payments.key");
		}
	}

	/** Rotates the API key; returns the new one. */
	private static String rotate() {
		String token = SecretRotations.rotate(emulator, SECRET,
				BuiltInRotationFunctions.arn(emulator, BuiltInRotationFunctions.ROTATE_API_KEY));
		await().atMost(WAIT).until(() -> SecretRotations.isDone(emulator, token));
		assertThat(emulator.rotation(token).orElseThrow().isSucceeded()).as("rotation succeeded").isTrue();
		String current = emulator.client().getSecretValue((request) -> request.secretId(SECRET)).secretString();
		String key = current.substring(current.indexOf("\"api_key\""));
		key = key.substring(key.indexOf(':') + 1).strip();
		return key.substring(1, key.indexOf('"', 1));
	}

	/** The {@code Secret Label Updated} event EventBridge delivers for the rotation. */
	private static String labelUpdated(String versionId) {
		DescribeSecretResponse secret = emulator.client().describeSecret((request) -> request.secretId(SECRET));
		return """
				{
				  "version": "0",
				  "id": "%s",
				  "detail-type": "Secret Label Updated",
				  "source": "aws.secretsmanager",
				  "account": "%s",
				  "time": "%s",
				  "region": "%s",
				  "resources": ["%s"],
				  "detail": {"name": "%s", "labelUpdated": "AWSCURRENT", "versionId": "%s"}
				}""".formatted(UUID.randomUUID(), emulator.accountId(), Instant.now().truncatedTo(ChronoUnit.SECONDS),
				emulator.region(), secret.arn(), secret.name(), versionId);
	}

	private static void send(EmbeddedSqs server, String queueUrl, String body) {
		server.client().sendMessage((message) -> message.queueUrl(queueUrl).messageBody(body));
	}

	private static Health health(ConfigurableApplicationContext context) {
		return context.getBean("secretsHealthIndicator", HealthIndicator.class).health();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> events(Health health) {
		return (Map<String, Object>) health.getDetails().get("events");
	}

	private String get(ConfigurableApplicationContext context, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(context, path)).build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private HttpResponse<String> post(ConfigurableApplicationContext context, String path) throws Exception {
		return this.http.send(
				HttpRequest.newBuilder(uri(context, path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return URI.create("http://localhost:" + port + path);
	}

	static boolean springCloud() {
		return ClassUtils.isPresent("org.springframework.cloud.context.refresh.ContextRefresher", null);
	}

	/**
	 * The production profile names the queue and checks once an hour; the key reaches the
	 * application through a placeholder.
	 */
	private static UserApplication application(String queueUrl) {
		return UserApplication.of(App.class).web().profiles("prod").file("application.yml", """
				spring.config.import: aws-secret:%s?prefix=payments
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				management.endpoints.web.exposure.include: health,secrets,refresh
				management.endpoint.health.show-details: always
				aws.secrets:
				  endpoint: %s
				  region: %s
				""".formatted(SECRET, emulator.endpoint(), emulator.region())).file("application-prod.yml", """
				aws.secrets:
				  refresh.interval: 1h
				  events:
				    queue-url: %s
				    wait-time: 1s
				app.payments.key: ${payments.api_key}
				""".formatted(queueUrl));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
