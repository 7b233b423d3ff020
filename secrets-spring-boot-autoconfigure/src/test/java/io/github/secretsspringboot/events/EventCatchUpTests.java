package io.github.secretsspringboot.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.secretsspringboot.EmulatorTestSupport;
import io.github.secretsspringboot.actuate.SecretsEndpoint;
import io.github.secretsspringboot.events.SecretEventSource.State;
import io.github.secretsspringboot.test.sqs.EmbeddedSqs;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events that could not reach the application (published before its topic subscription
 * existed, or while its queue could not be read) are caught up by one check of every
 * import when the event source connects again, with the periodic check an hour away.
 */
class EventCatchUpTests extends EmulatorTestSupport {

	static final String CANARY = "canary-5d0e8a17-do-not-log";

	static final Duration WAIT = Duration.ofSeconds(30);

	static EmbeddedSqs sqs;

	/** Run by the SNS client just before the application's first Subscribe call. */
	static volatile @Nullable Runnable beforeFirstSubscribe;

	@BeforeAll
	static void startSqs() {
		sqs = EmbeddedSqs.start();
		emulator.topics().sqsEndpoint(sqs.endpoint());
	}

	@AfterAll
	static void stopSqs() {
		sqs.close();
	}

	@AfterEach
	void clearTargets() {
		emulator.events().clearTargets();
		emulator.events().clearPublished();
		beforeFirstSubscribe = null;
	}

	@Test
	void rotationBetweenLoadAndSubscriptionIsCaughtUp() {
		String topicArn = emulator.topics().create("catch-up-gap");
		emulator.events().toTopic(topicArn);
		createSecret("app/db", "one");
		beforeFirstSubscribe = () -> {
			int published = emulator.topics().published(topicArn).size();
			putValue("app/db", "two");
			// Published (to a topic without the subscription yet) before Subscribe goes
			// on.
			await().atMost(WAIT).until(() -> emulator.topics().published(topicArn).size() >= published + 2);
		};
		try (ConfigurableApplicationContext context = runWithTopic(topicArn)) {
			EventStats stats = context.getBean(EventStats.class);
			await().atMost(WAIT)
				.untilAsserted(() -> assertSameSecret(context.getEnvironment().getProperty("db.password"),
						CANARY + "two", "the value rotated before the subscription"));
			// The rotation's events went to a topic without the subscription: none came.
			assertThat(stats.received()).isZero();
			assertThat(stats.catchUps()).isOne();
		}
	}

	@Test
	void subscriptionDeniedThenAllowedIsCaughtUp() {
		String topicArn = emulator.topics().create("catch-up-denied");
		emulator.events().toTopic(topicArn);
		createSecret("app/db", "one");
		emulator.topics().deny(topicArn);
		try (ConfigurableApplicationContext context = runWithTopic(topicArn)) {
			EventStats stats = context.getBean(EventStats.class);
			await().atMost(WAIT).until(() -> stats.state() == State.FAILING);
			putValue("app/db", "two");
			emulator.topics().allow(topicArn);
			await().atMost(WAIT)
				.untilAsserted(() -> assertSameSecret(context.getEnvironment().getProperty("db.password"),
						CANARY + "two", "the value rotated while subscribing was denied"));
			assertThat(stats.state()).isEqualTo(State.CONNECTED);
			assertThat(stats.catchUps()).isOne();
		}
	}

	@Test
	void eventsLostWhileSqsWasDownAreCaughtUpOnReconnect() {
		String queueUrl = sqs.createQueue("catch-up-down");
		createSecret("app/db", "one");
		emulator.events().toQueue(queueUrl);
		try (ConfigurableApplicationContext context = run(Map.of("aws.secrets.events.queue-url", queueUrl,
				"spring.jmx.enabled", "true", "management.endpoints.jmx.exposure.include", "secrets"))) {
			EventStats stats = context.getBean(EventStats.class);
			await().atMost(WAIT).until(() -> stats.state() == State.CONNECTED);
			sqs.goDown();
			try {
				await().atMost(WAIT).until(() -> stats.state() == State.FAILING);
				putValue("app/db", "two");
				// The emulator gave up delivering: the event is lost, as EventBridge
				// drops
				// it after its retries.
				await().atMost(WAIT).until(() -> emulator.events().failedDeliveries().size() == 2);
			}
			finally {
				sqs.comeBack();
			}
			await().atMost(WAIT)
				.untilAsserted(() -> assertSameSecret(context.getEnvironment().getProperty("db.password"),
						CANARY + "two", "the value rotated while SQS was down"));
			assertThat(stats.catchUps()).isOne();
			assertThat(stats.received()).isZero();
			assertThat(context.getBean(SecretsEndpoint.class).secrets().events()).containsEntry("catchUps", 1L)
				.containsEntry("received", 0L)
				.containsEntry("applied", 0L);
		}
	}

	@Test
	void deniedQueueAllowedAgainIsCaughtUpOnceAndNoMore() {
		String queueUrl = sqs.createQueue("catch-up-denied");
		createSecret("app/db", "one");
		emulator.events().toQueue(queueUrl);
		try (ConfigurableApplicationContext context = runWithQueue(queueUrl)) {
			EventStats stats = context.getBean(EventStats.class);
			await().atMost(WAIT).until(() -> stats.state() == State.CONNECTED);
			sqs.deny("catch-up-denied");
			try {
				await().atMost(WAIT).until(() -> stats.state() == State.FAILING);
				assertThat(stats.lastError()).isNotNull();
				assertThat(stats.lastError().kind()).isEqualTo("AccessDenied");
				putValue("app/db", "two");
				await().atMost(WAIT).until(() -> emulator.events().failedDeliveries().size() == 2);
			}
			finally {
				sqs.allow("catch-up-denied");
			}
			await().atMost(WAIT)
				.untilAsserted(() -> assertSameSecret(context.getEnvironment().getProperty("db.password"),
						CANARY + "two", "the value rotated while the queue was denied"));
			long requests = emulator.control().totalRequests();
			// Connected and receiving, it checks nothing more: one catch-up per
			// reconnection, never a loop.
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(5))
				.until(() -> emulator.control().totalRequests() == requests && stats.state() == State.CONNECTED);
			assertThat(stats.catchUps()).isOne();
			assertThat(stats.received()).isZero();
		}
	}

	@Test
	void firstOpenOfANamedQueueChecksNothing() {
		String queueUrl = sqs.createQueue("catch-up-first");
		createSecret("app/db", "one");
		emulator.control().resetCounters();
		try (ConfigurableApplicationContext context = runWithQueue(queueUrl)) {
			EventStats stats = context.getBean(EventStats.class);
			long loaded = emulator.control().totalRequests();
			await().atMost(WAIT).until(() -> stats.state() == State.CONNECTED);
			// Events published since the application loaded wait on the queue it names.
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(4))
				.until(() -> emulator.control().totalRequests() == loaded);
			assertThat(stats.catchUps()).isZero();
		}
	}

	private static ConfigurableApplicationContext runWithQueue(String queueUrl) {
		return run(Map.of("aws.secrets.events.queue-url", queueUrl));
	}

	private static ConfigurableApplicationContext runWithTopic(String topicArn) {
		return run(Map.of("aws.secrets.events.topic-arn", topicArn, "aws.secrets.events.sns-endpoint",
				emulator.endpoint().toString(), "aws.secrets.events.sqs-endpoint", sqs.endpoint().toString()));
	}

	/** An application that checks its secrets every hour: only events refresh them. */
	private static ConfigurableApplicationContext run(Map<String, String> events) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("spring.config.import", "aws-secret:app/db?prefix=db");
		settings.put("aws.secrets.endpoint", emulator.endpoint().toString());
		settings.put("aws.secrets.region", emulator.region());
		settings.put("aws.secrets.retry.max-attempts", "1");
		settings.put("aws.secrets.refresh.interval", "1h");
		settings.put("aws.secrets.events.wait-time", "1s");
		settings.putAll(events);
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(settings.entrySet()
			.stream()
			.map((setting) -> "--" + setting.getKey() + "=" + setting.getValue())
			.toArray(String[]::new));
	}

	private static void createSecret(String name, String password) {
		secrets().createSecret((request) -> request.name(name).secretString(json(password)));
	}

	private static void putValue(String name, String password) {
		secrets().putSecretValue((request) -> request.secretId(name).secretString(json(password)));
	}

	private static String json(String password) {
		return "{\"username\": \"app\", \"password\": \"" + CANARY + password + "\"}";
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		SecretEventsSnsClientCustomizer beforeFirstSubscribe() {
			AtomicBoolean subscribed = new AtomicBoolean();
			return (builder) -> builder
				.overrideConfiguration((config) -> config.addExecutionInterceptor(new ExecutionInterceptor() {

					@Override
					public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
						Runnable hook = beforeFirstSubscribe;
						if (hook != null && context.request() instanceof SubscribeRequest
								&& subscribed.compareAndSet(false, true)) {
							hook.run();
						}
					}

				}));
		}

	}

}
