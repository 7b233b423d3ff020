package io.github.secretsspringboot.shapes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.secretsspringboot.test.emulator.EmulatorTopics.Subscription;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.sqs.EmbeddedSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet of three applications on an SNS topic, each with a queue of its own, and the
 * queues that outlive their use: that of an instance killed ({@code SIGKILL}: no
 * shutdown, no clean-up), and those the instances could not delete while SQS was down and
 * replaced when it came back. A live instance finds their heartbeat stale and removes
 * them with their subscriptions, and the fleet still gets the next rotation. The
 * heartbeat runs every second and a queue is an orphan after five, so that the test takes
 * seconds where production takes minutes.
 */
class EventFleetOrphanTests {

	static final String SECRET = "shapes/fleet-orphan/service";

	static final Duration WAIT = Duration.ofSeconds(30);

	/**
	 * Bound on the removal: the orphan is stale five seconds after the kill, and each
	 * live instance sweeps at a random time in every 7.5 to 22.5 seconds (five seconds
	 * times the three queues it lists, spread).
	 */
	static final Duration REMOVAL = Duration.ofSeconds(60);

	static SecretsManagerEmulator emulator;

	static EmbeddedSqs sqs;

	private final FleetSupport fleet = FleetSupport.of(App.class);

	@BeforeAll
	static void start() {
		emulator = SecretsManagerEmulator.start();
		sqs = EmbeddedSqs.start();
		emulator.topics().sqsEndpoint(sqs.endpoint());
	}

	@AfterAll
	static void stop() {
		sqs.close();
		emulator.close();
	}

	@AfterEach
	void closeFleet() {
		this.fleet.close();
		emulator.clear();
		emulator.events().clearTargets();
	}

	@Test
	void queueOfAKilledInstanceIsRemovedByALiveOne() {
		String initial = newToken();
		emulator.client().createSecret((secret) -> secret.name(SECRET).secretString(secretString(initial)));
		String topicArn = emulator.topics().create("orphan-" + UUID.randomUUID());
		emulator.events().toTopic(topicArn);
		String prefix = "orphan-" + UUID.randomUUID().toString().substring(0, 8) + "-";
		Map<String, String> properties = properties(topicArn, prefix);
		List<FleetSupport.InProcess> live = this.fleet.start(2, (i) -> properties);
		FleetSupport.Forked doomed = this.fleet.startProcess("doomed", properties);
		await().atMost(WAIT)
			.until(() -> emulator.topics().subscriptions(topicArn).size() == 3
					&& live.stream().noneMatch((instance) -> queueUrl(instance).isEmpty()));
		List<String> liveQueues = live.stream().map(EventFleetOrphanTests::queueUrl).toList();
		List<String> doomedQueues = queues(prefix).stream().filter((url) -> !liveQueues.contains(url)).toList();
		assertThat(doomedQueues).as("the forked instance's queue").hasSize(1);
		String orphanArn = arn(doomedQueues.get(0));
		assertThat(subscribed(topicArn)).as("subscribed queues").contains(orphanArn);

		doomed.kill();
		assertThat(doomed.isRunning()).as("killed instance running").isFalse();
		assertThat(doomed.output()).as("killed instance's output").doesNotContain(FleetSupport.STOPPED);
		assertThat(queues(prefix)).as("queues right after the kill").containsAll(doomedQueues);
		assertThat(subscribed(topicArn)).as("subscribed queues right after the kill").contains(orphanArn);

		await().atMost(REMOVAL).untilAsserted(() -> {
			assertThat(subscribed(topicArn)).as("subscribed queues")
				.doesNotContain(orphanArn)
				.containsExactlyInAnyOrderElementsOf(liveQueues.stream().map(EventFleetOrphanTests::arn).toList());
			assertThat(queues(prefix)).as("queues").containsExactlyInAnyOrderElementsOf(liveQueues);
		});
		String rotated = newToken();
		emulator.client().putSecretValue((put) -> put.secretId(SECRET).secretString(secretString(rotated)));
		await().atMost(WAIT).untilAsserted(() -> {
			for (FleetSupport.InProcess instance : live) {
				assertSameSecret(token(instance), rotated, instance.name() + " token after the orphan was removed");
			}
		});
		// The sweep left the live instances' own queues alone.
		assertThat(live.stream().map(EventFleetOrphanTests::queueUrl).toList()).isEqualTo(liveQueues);
		assertThat(doomed.output().contains(initial)).as("killed instance's output holds the secret value").isFalse();
	}

	@Test
	void queuesLeftBehindBySqsDownAndBackAreRemoved() {
		String initial = newToken();
		emulator.client().createSecret((secret) -> secret.name(SECRET).secretString(secretString(initial)));
		String topicArn = emulator.topics().create("outage-" + UUID.randomUUID());
		emulator.events().toTopic(topicArn);
		String prefix = "outage-" + UUID.randomUUID().toString().substring(0, 8) + "-";
		List<FleetSupport.InProcess> instances = this.fleet.start(3, (i) -> properties(topicArn, prefix));
		await().atMost(WAIT)
			.until(() -> instances.stream().allMatch((instance) -> "CONNECTED".equals(state(instance))));
		List<String> before = instances.stream().map(EventFleetOrphanTests::queueUrl).toList();
		sqs.goDown();
		try {
			await().atMost(WAIT)
				.until(() -> instances.stream().allMatch((instance) -> "FAILING".equals(state(instance))));
			// Long enough for each instance to try to replace its queue while SQS is
			// down:
			// it unsubscribes the old one, but cannot delete it.
			await().atMost(WAIT)
				.until(() -> emulator.topics().subscriptions(topicArn).isEmpty()
						&& instances.stream().allMatch((instance) -> "FAILING".equals(state(instance))));
		}
		finally {
			sqs.comeBack();
		}
		await().atMost(WAIT)
			.until(() -> instances.stream().allMatch((instance) -> "CONNECTED".equals(state(instance))));
		// Each instance made itself a new queue; the old ones are orphans the fleet
		// removes.
		List<String> after = instances.stream().map(EventFleetOrphanTests::queueUrl).toList();
		assertThat(after).as("queues after the outage").doesNotContainAnyElementsOf(before).doesNotHaveDuplicates();
		await().atMost(REMOVAL).untilAsserted(() -> {
			assertThat(subscribed(topicArn)).as("subscribed queues")
				.containsExactlyInAnyOrderElementsOf(after.stream().map(EventFleetOrphanTests::arn).toList());
			assertThat(queues(prefix)).as("queues").containsExactlyInAnyOrderElementsOf(after);
		});
		String rotated = newToken();
		emulator.client().putSecretValue((put) -> put.secretId(SECRET).secretString(secretString(rotated)));
		await().atMost(WAIT).untilAsserted(() -> {
			for (FleetSupport.InProcess instance : instances) {
				assertSameSecret(token(instance), rotated, instance.name() + " token rotated after the outage");
			}
		});
	}

	private static Map<String, String> properties(String topicArn, String prefix) {
		return FleetSupport.properties("spring.config.import", "aws-secret:" + SECRET + "?prefix=svc",
				"spring.autoconfigure.exclude",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration", "aws.secrets.endpoint",
				emulator.endpoint().toString(), "aws.secrets.region", emulator.region(), "aws.secrets.refresh.interval",
				"1h", "aws.secrets.events.sqs-endpoint", sqs.endpoint().toString(), "aws.secrets.events.sns-endpoint",
				emulator.endpoint().toString(), "aws.secrets.events.topic-arn", topicArn,
				"aws.secrets.events.queue-name-prefix", prefix, "aws.secrets.events.wait-time", "1s",
				"aws.secrets.events.heartbeat-interval", "1s", "aws.secrets.events.orphan-after", "5s", "app.token",
				"${svc.token}");
	}

	private static String newToken() {
		return "tok-" + UUID.randomUUID();
	}

	private static String secretString(String token) {
		return "{\"token\": \"" + token + "\"}";
	}

	private static List<String> queues(String prefix) {
		return sqs.client().listQueues((list) -> list.queueNamePrefix(prefix)).queueUrls();
	}

	/** The ARNs of the queues subscribed to the topic. */
	private static List<String> subscribed(String topicArn) {
		return emulator.topics().subscriptions(topicArn).stream().map(Subscription::endpoint).toList();
	}

	private static String arn(String queueUrl) {
		return sqs.queueArn(queueUrl.substring(queueUrl.lastIndexOf('/') + 1));
	}

	private static String queueUrl(FleetSupport.InProcess instance) {
		Object queue = events(instance).get("queue");
		return (queue != null) ? queue.toString() : "";
	}

	private static String state(FleetSupport.InProcess instance) {
		return String.valueOf(events(instance).get("state"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> events(FleetSupport.InProcess instance) {
		return (Map<String, Object>) instance.context()
			.getBean("secretsHealthIndicator", HealthIndicator.class)
			.health()
			.getDetails()
			.get("events");
	}

	private static String token(FleetSupport.InProcess instance) {
		return instance.context().getEnvironment().getProperty("app.token", "");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
