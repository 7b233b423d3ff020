package io.github.secretsspringboot.shapes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.secretsspringboot.test.apikey.ApiKeyService;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.rotation.ApiKeyRotationFunction;
import io.github.secretsspringboot.test.sqs.EmbeddedSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * A fleet of three applications that import an API key from one secret as
 * {@code app.api-key}, against one emulator, one SQS server and the service the key
 * opens, with the periodic check once an hour. Each instance gets Secrets Manager's
 * events through a queue of its own that the platform provisioned, or through an SNS
 * topic for which it makes its own queue.
 */
abstract class ApiKeyFleetTestSupport {

	static final String LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:fleet-api-key";

	static final Duration WAIT = Duration.ofSeconds(30);

	static final int INSTANCES = 3;

	static SecretsManagerEmulator emulator;

	static EmbeddedSqs sqs;

	static ApiKeyService service;

	final List<ConfigurableApplicationContext> fleet = new ArrayList<>();

	private final String secret;

	private final Class<?> application;

	ApiKeyFleetTestSupport(String secret, Class<?> application) {
		this.secret = secret;
		this.application = application;
	}

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
			.createSecret((create) -> create.name(this.secret)
				.secretString(ApiKeyRotationFunction.initialSecretString(service)));
	}

	@AfterEach
	void closeFleet() {
		this.fleet.forEach(ConfigurableApplicationContext::close);
		this.fleet.clear();
	}

	/** Starts the fleet, each instance with a queue the emulator's events go to. */
	void startWithOwnQueues(String name) {
		for (int i = 0; i < INSTANCES; i++) {
			String queueUrl = sqs.createQueue(name + "-" + i + "-" + UUID.randomUUID());
			emulator.events().toQueue(queueUrl);
			this.fleet.add(instance("queue-url: " + queueUrl));
		}
	}

	/**
	 * Starts the fleet on a topic the emulator's events go to, once every instance
	 * subscribed its queue.
	 * @return the topic, and the prefix of the instances' queues
	 */
	Topic startOnTopic(String name) {
		String topicArn = emulator.topics().create(name + "-" + UUID.randomUUID());
		emulator.events().toTopic(topicArn);
		String prefix = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
		for (int i = 0; i < INSTANCES; i++) {
			this.fleet.add(instance("topic-arn: " + topicArn + "\n    queue-name-prefix: " + prefix
					+ "\n    sns-endpoint: " + emulator.endpoint()));
		}
		await().atMost(WAIT).until(() -> emulator.topics().subscriptions(topicArn).size() == INSTANCES);
		return new Topic(topicArn, prefix);
	}

	void rotate() {
		emulator.client().rotateSecret((rotate) -> rotate.secretId(this.secret).rotationLambdaARN(LAMBDA));
	}

	/** The key AWSCURRENT holds now. */
	String currentKey() {
		return ApiKeyRotationFunction
			.apiKey(emulator.client().getSecretValue((get) -> get.secretId(this.secret)).secretString());
	}

	static String key(ConfigurableApplicationContext context) {
		return context.getEnvironment().getProperty("app.api-key");
	}

	private ConfigurableApplicationContext instance(String events) {
		return UserApplication.of(this.application).file("application.yml", """
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
				""".formatted(this.secret, emulator.endpoint(), emulator.region(), sqs.endpoint(), events)).run();
	}

	record Topic(String arn, String queuePrefix) {

	}

}
