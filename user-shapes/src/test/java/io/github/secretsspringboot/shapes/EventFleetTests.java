package io.github.secretsspringboot.shapes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.github.secretsspringboot.test.apikey.ApiKeyService;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.rotation.ApiKeyRotationFunction;
import io.github.secretsspringboot.test.sqs.EmbeddedSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet of three applications (separate Spring applications) against one emulator and
 * one SQS server, with the periodic check once an hour, each getting its own copy of
 * Secrets Manager's events: through a queue of its own that the platform provisioned and
 * the EventBridge rule targets, or through an SNS topic for which each instance makes its
 * own queue. An API key whose old value is revoked at finishSecret is rotated: every
 * instance holds the new key soon after, and the service accepts it.
 */
class EventFleetTests {

	static final String SECRET = "shapes/fleet/api-key";

	static final String LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:api-key";

	static final Duration WAIT = Duration.ofSeconds(30);

	static SecretsManagerEmulator emulator;

	static EmbeddedSqs sqs;

	static ApiKeyService service;

	private final List<ConfigurableApplicationContext> fleet = new ArrayList<>();

	@BeforeAll
	static void start() {
		emulator = SecretsManagerEmulator.start();
		sqs = EmbeddedSqs.start();
		service = ApiKeyService.start();
		emulator.topics().sqsEndpoint(sqs.endpoint());
	}

	@AfterAll
	static void stop() {
		service.close();
		sqs.close();
		emulator.close();
	}

	@BeforeEach
	void createSecret() {
		emulator.clear();
		emulator.events().clearTargets();
		emulator.registerRotationFunction(LAMBDA, new ApiKeyRotationFunction(service));
		emulator.client()
			.createSecret(
					(secret) -> secret.name(SECRET).secretString(ApiKeyRotationFunction.initialSecretString(service)));
	}

	@AfterEach
	void closeFleet() {
		this.fleet.forEach(ConfigurableApplicationContext::close);
		this.fleet.clear();
	}

	@Test
	void rotationReachesEveryInstanceThroughItsOwnQueue() {
		for (int i = 0; i < 3; i++) {
			String queueUrl = sqs.createQueue("fleet-" + i + "-" + UUID.randomUUID());
			emulator.events().toQueue(queueUrl);
			this.fleet.add(instance("queue-url: " + queueUrl));
		}
		rotateAndAwaitEveryInstance();
	}

	@Test
	void rotationReachesEveryInstanceThroughTheTopic() {
		String topicArn = emulator.topics().create("fleet-" + UUID.randomUUID());
		emulator.events().toTopic(topicArn);
		String prefix = "fleet-" + UUID.randomUUID().toString().substring(0, 8) + "-";
		for (int i = 0; i < 3; i++) {
			this.fleet.add(instance("topic-arn: " + topicArn + "\n    queue-name-prefix: " + prefix
					+ "\n    sns-endpoint: " + emulator.endpoint()));
		}
		await().atMost(WAIT).until(() -> emulator.topics().subscriptions(topicArn).size() == 3);
		assertThat(queues(prefix)).hasSize(3);
		rotateAndAwaitEveryInstance();
		closeFleet();
		assertThat(emulator.topics().subscriptions(topicArn)).as("subscriptions after shutdown").isEmpty();
		assertThat(queues(prefix)).as("queues after shutdown").isEmpty();
	}

	private void rotateAndAwaitEveryInstance() {
		String before = currentKey();
		emulator.client().rotateSecret((rotate) -> rotate.secretId(SECRET).rotationLambdaARN(LAMBDA));
		await().atMost(WAIT).until(() -> !Objects.equals(currentKey(), before));
		String rotated = currentKey();
		assertThat(service.ping(before)).as("the revoked key's answer").isEqualTo(401);
		AtomicLong behind = new AtomicLong();
		await().atMost(WAIT).untilAsserted(() -> {
			behind.set(this.fleet.stream()
				.filter((context) -> !rotated.equals(context.getEnvironment().getProperty("app.api-key")))
				.count());
			assertThat(behind.get()).as("instances still on the revoked key").isZero();
		});
		for (ConfigurableApplicationContext context : this.fleet) {
			assertThat(service.ping(context.getEnvironment().getProperty("app.api-key"))).isEqualTo(200);
		}
	}

	private static String currentKey() {
		return ApiKeyRotationFunction
			.apiKey(emulator.client().getSecretValue((get) -> get.secretId(SECRET)).secretString());
	}

	private static List<String> queues(String prefix) {
		return sqs.client().listQueues((list) -> list.queueNamePrefix(prefix)).queueUrls();
	}

	private static ConfigurableApplicationContext instance(String events) {
		return UserApplication.of(App.class).file("application.yml", """
				spring.config.import: aws-secret:%s?prefix=key
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				aws.secrets:
				  endpoint: %s
				  region: %s
				  refresh.interval: 1h
				  events:
				    sqs-endpoint: %s
				    wait-time: 1s
				    %s
				app.api-key: ${key.apiKey}
				""".formatted(SECRET, emulator.endpoint(), emulator.region(), sqs.endpoint(), events)).run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
