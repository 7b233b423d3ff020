package io.github.secretsspringboot.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.secretsspringboot.EmulatorTestSupport;
import io.github.secretsspringboot.events.SecretEventSource.State;
import io.github.secretsspringboot.refresh.SecretsRefreshProperties;
import io.github.secretsspringboot.test.emulator.FaultKind;
import io.github.secretsspringboot.test.sqs.EmbeddedSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events received from a real SQS server (ElasticMQ) by a running application: handled
 * messages deleted, poison messages counted and deleted, a queue that fails and comes
 * back, a refresh that fails left for redelivery.
 */
@ExtendWith(OutputCaptureExtension.class)
class SqsEventConsumerTests extends EmulatorTestSupport {

	static final String CANARY = "canary-91c4e7b3-do-not-log";

	static final Duration WAIT = Duration.ofSeconds(30);

	static EmbeddedSqs sqs;

	@AfterEach
	void forgetEvents() {
		emulator.events().clearTargets();
		emulator.events().clearPublished();
	}

	@BeforeAll
	static void startSqs() {
		sqs = EmbeddedSqs.start();
		emulator.topics().sqsEndpoint(sqs.endpoint());
	}

	@AfterAll
	static void stopSqs() {
		sqs.close();
	}

	@Test
	void eventOnTheQueueRefreshesTheSecretAndIsDeleted(CapturedOutput output) {
		String queueUrl = sqs.createQueue("refreshes");
		createSecret("app/db", "one");
		emulator.events().toQueue(queueUrl);
		try (ConfigurableApplicationContext context = run(queueUrl, "aws-secret:app/db?prefix=db")) {
			SecretEventSource source = context.getBean(SecretEventSource.class);
			await().atMost(WAIT).until(() -> source.state() == State.CONNECTED);
			// CloudTrail's PutSecretValue, then AWSCURRENT's Secret Label Updated.
			putValue("app/db", "two");
			await().atMost(WAIT)
				.untilAsserted(() -> assertSameSecret(context.getEnvironment().getProperty("db.password"),
						CANARY + "two", "the value put"));
			await().atMost(WAIT).untilAsserted(() -> {
				assertThat(messagesIn(queueUrl)).isZero();
				assertThat(source.applied()).isEqualTo(2);
			});
			assertThat(source.received()).isEqualTo(2);
			assertThat(source.queueUrl()).isEqualTo(queueUrl);
		}
		assertThat(output.getAll()).doesNotContain(CANARY);
	}

	@Test
	void poisonMessagesAreCountedAndDeleted(CapturedOutput output) {
		String queueUrl = sqs.createQueue("poison");
		createSecret("app/db", "one");
		try (ConfigurableApplicationContext context = run(queueUrl, "aws-secret:app/db?prefix=db")) {
			SecretEventSource source = context.getBean(SecretEventSource.class);
			send(queueUrl, "{\"password\": \"" + CANARY);
			send(queueUrl, CANARY);
			send(queueUrl, "{\"source\": \"aws.secretsmanager\", \"detail-type\": \"Secret Label Updated\"}");
			send(queueUrl, EventBodies.foreign(emulator.region()));
			await().atMost(WAIT).untilAsserted(() -> {
				assertThat(source.invalid()).isEqualTo(3);
				assertThat(source.ignored()).containsEntry(EventStats.FOREIGN, 1L);
				assertThat(messagesIn(queueUrl)).isZero();
			});
			assertThat(source.received()).isEqualTo(4);
			assertThat(source.state()).isEqualTo(State.CONNECTED);
		}
		assertThat(output.getAll()).doesNotContain(CANARY);
	}

	@Test
	void queueThatDoesNotExistYetFailsThenRecovers() {
		createSecret("app/db", "one");
		String queueUrl = sqs.endpoint() + "/" + sqs.accountId() + "/late";
		try (ConfigurableApplicationContext context = run(queueUrl, "aws-secret:app/db?prefix=db")) {
			SecretEventSource source = context.getBean(SecretEventSource.class);
			await().atMost(WAIT).until(() -> source.state() == State.FAILING);
			assertThat(source.lastError()).isNotNull();
			assertThat(source.lastError().kind()).isEqualTo("QueueDoesNotExist");
			assertThat(context.isRunning()).isTrue();
			sqs.createQueue("late");
			emulator.events().toQueue(queueUrl);
			await().atMost(WAIT).until(() -> source.state() == State.CONNECTED);
			assertThat(source.lastError()).isNull();
			putValue("app/db", "two");
			await().atMost(WAIT).until(() -> source.applied() == 2);
			assertSameSecret(context.getEnvironment().getProperty("db.password"), CANARY + "two", "the value put");
		}
	}

	@Test
	void sqsDownAndBackResumesReceiving() {
		String queueUrl = sqs.createQueue("outage");
		createSecret("app/db", "one");
		emulator.events().toQueue(queueUrl);
		try (ConfigurableApplicationContext context = run(queueUrl, "aws-secret:app/db?prefix=db")) {
			SecretEventSource source = context.getBean(SecretEventSource.class);
			await().atMost(WAIT).until(() -> source.state() == State.CONNECTED);
			sqs.goDown();
			try {
				await().atMost(WAIT).until(() -> source.state() == State.FAILING);
				assertThat(context.isRunning()).isTrue();
			}
			finally {
				sqs.comeBack();
			}
			await().atMost(WAIT).until(() -> source.state() == State.CONNECTED);
			putValue("app/db", "two");
			await().atMost(WAIT).until(() -> source.applied() == 2);
			assertSameSecret(context.getEnvironment().getProperty("db.password"), CANARY + "two", "the value put");
		}
	}

	@Test
	void eventWhoseRefreshFailsIsDeliveredAgain() {
		String queueUrl = sqs.createQueue("redelivery");
		createSecret("app/db", "one");
		try (ConfigurableApplicationContext context = run(queueUrl, "aws-secret:app/db?prefix=db",
				"--aws.secrets.events.visibility-timeout=1s")) {
			SecretEventSource source = context.getBean(SecretEventSource.class);
			String v2 = putValue("app/db", "two");
			String event = events().labelUpdated("app/db", "AWSCURRENT", v2);
			emulator.control().outage(FaultKind.CONNECTION_RESET);
			send(queueUrl, event);
			await().atMost(WAIT).until(() -> source.received() >= 2);
			assertThat(source.applied()).isZero();
			emulator.control().endOutage();
			await().atMost(WAIT)
				.untilAsserted(() -> assertSameSecret(context.getEnvironment().getProperty("db.password"),
						CANARY + "two", "db.password"));
			await().atMost(WAIT).untilAsserted(() -> assertThat(messagesIn(queueUrl)).isZero());
		}
	}

	@Test
	void stoppingDoesNotWaitForTheLongPoll() {
		String queueUrl = sqs.createQueue("stopping");
		createSecret("app/db", "one");
		ConfigurableApplicationContext context = run(queueUrl, "aws-secret:app/db?prefix=db",
				"--aws.secrets.events.wait-time=20s");
		SecretEventSource source = context.getBean(SecretEventSource.class);
		await().atMost(WAIT).until(() -> source.state() == State.CONNECTED);
		long start = System.nanoTime();
		context.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(source.state()).isEqualTo(State.STOPPED);
	}

	@Test
	void stoppingInTopicModeDoesNotWaitForTheLongPollAndRemovesTheQueue() {
		String topicArn = emulator.topics().create("stopping");
		createSecret("app/db", "one");
		ConfigurableApplicationContext context = run("", "aws-secret:app/db?prefix=db",
				"--aws.secrets.events.topic-arn=" + topicArn,
				"--aws.secrets.events.sns-endpoint=" + emulator.endpoint(),
				"--aws.secrets.events.sqs-endpoint=" + sqs.endpoint(), "--aws.secrets.events.wait-time=20s",
				"--aws.secrets.events.queue-name-prefix=stopping-");
		SecretEventSource source = context.getBean(SecretEventSource.class);
		await().atMost(WAIT).until(() -> source.state() == State.CONNECTED);
		String queueUrl = source.queueUrl();
		assertThat(queueUrl).contains("stopping-");
		assertThat(emulator.topics().subscriptions(topicArn)).hasSize(1);
		long start = System.nanoTime();
		context.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(source.state()).isEqualTo(State.STOPPED);
		assertThat(sqs.client().listQueues((request) -> request.queueNamePrefix("stopping-")).queueUrls()).isEmpty();
		assertThat(emulator.topics().subscriptions(topicArn)).isEmpty();
	}

	@Test
	void periodicCheckBecomesTheSafetyNetUnlessTheIntervalIsSet() {
		String queueUrl = sqs.createQueue("safety-net");
		createSecret("app/db", "one");
		try (ConfigurableApplicationContext context = application().run("--spring.config.import=aws-secret:app/db",
				"--aws.secrets.endpoint=" + emulator.endpoint(), "--aws.secrets.region=" + emulator.region(),
				"--aws.secrets.events.queue-url=" + queueUrl, "--aws.secrets.events.wait-time=1s")) {
			assertThat(context.getBean(SecretsRefreshProperties.class).getInterval()).isEqualTo(Duration.ofHours(6));
		}
		try (ConfigurableApplicationContext context = application().run("--spring.config.import=aws-secret:app/db",
				"--aws.secrets.endpoint=" + emulator.endpoint(), "--aws.secrets.region=" + emulator.region(),
				"--aws.secrets.events.queue-url=" + queueUrl, "--aws.secrets.events.wait-time=1s",
				"--aws.secrets.events.safety-net-interval=2h")) {
			assertThat(context.getBean(SecretsRefreshProperties.class).getInterval()).isEqualTo(Duration.ofHours(2));
		}
		try (ConfigurableApplicationContext context = run(queueUrl, "aws-secret:app/db")) {
			assertThat(context.getBean(SecretsRefreshProperties.class).getInterval()).isEqualTo(Duration.ofHours(1));
		}
		try (ConfigurableApplicationContext context = application().run("--spring.config.import=aws-secret:app/db",
				"--aws.secrets.endpoint=" + emulator.endpoint(), "--aws.secrets.region=" + emulator.region())) {
			assertThat(context.getBean(SecretsRefreshProperties.class).getInterval()).isEqualTo(Duration.ofMinutes(5));
		}
	}

	private static void send(String queueUrl, String body) {
		send(sqs, queueUrl, body);
	}

	private static void send(EmbeddedSqs server, String queueUrl, String body) {
		server.client().sendMessage((message) -> message.queueUrl(queueUrl).messageBody(body));
	}

	private static int messagesIn(String queueUrl) {
		Map<String, String> attributes = sqs.attributes(queueUrl);
		return Integer.parseInt(attributes.get("ApproximateNumberOfMessages"))
				+ Integer.parseInt(attributes.get("ApproximateNumberOfMessagesNotVisible"));
	}

	private static PublishedEvents events() {
		return new PublishedEvents(emulator.events());
	}

	private static void createSecret(String name, String password) {
		secrets().createSecret((request) -> request.name(name).secretString(json(password)));
	}

	private static String putValue(String name, String password) {
		return secrets().putSecretValue((request) -> request.secretId(name).secretString(json(password))).versionId();
	}

	private static String json(String password) {
		return "{\"username\": \"app\", \"password\": \"" + CANARY + password + "\"}";
	}

	/** An application that checks its secrets every hour: events refresh them. */
	static ConfigurableApplicationContext run(String queueUrl, String configImport, String... more) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("spring.config.import", configImport);
		settings.put("aws.secrets.endpoint", emulator.endpoint().toString());
		settings.put("aws.secrets.region", emulator.region());
		settings.put("aws.secrets.retry.max-attempts", "1");
		settings.put("aws.secrets.refresh.interval", "1h");
		if (!queueUrl.isEmpty()) {
			settings.put("aws.secrets.events.queue-url", queueUrl);
		}
		settings.put("aws.secrets.events.wait-time", "1s");
		for (String setting : more) {
			int equals = setting.indexOf('=');
			settings.put(setting.substring(2, equals), setting.substring(equals + 1));
		}
		return application().run(settings.entrySet()
			.stream()
			.map((setting) -> "--" + setting.getKey() + "=" + setting.getValue())
			.toArray(String[]::new));
	}

	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
