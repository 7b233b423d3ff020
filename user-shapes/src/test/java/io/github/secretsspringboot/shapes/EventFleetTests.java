package io.github.secretsspringboot.shapes;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

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
class EventFleetTests extends ApiKeyFleetTestSupport {

	EventFleetTests() {
		super("shapes/fleet/api-key", App.class);
	}

	@Test
	void rotationReachesEveryInstanceThroughItsOwnQueue() {
		startWithOwnQueues("fleet");
		rotateAndAwaitEveryInstance();
	}

	@Test
	void rotationReachesEveryInstanceThroughTheTopic() {
		Topic topic = startOnTopic("fleet");
		assertThat(queues(topic.queuePrefix())).hasSize(3);
		rotateAndAwaitEveryInstance();
		closeFleet();
		assertThat(emulator.topics().subscriptions(topic.arn())).as("subscriptions after shutdown").isEmpty();
		assertThat(queues(topic.queuePrefix())).as("queues after shutdown").isEmpty();
	}

	private void rotateAndAwaitEveryInstance() {
		String before = currentKey();
		rotate();
		await().atMost(WAIT).until(() -> !Objects.equals(currentKey(), before));
		String rotated = currentKey();
		assertThat(service.ping(before)).as("the revoked key's answer").isEqualTo(401);
		AtomicLong behind = new AtomicLong();
		await().atMost(WAIT).untilAsserted(() -> {
			behind.set(this.fleet.stream().filter((context) -> !rotated.equals(key(context))).count());
			assertThat(behind.get()).as("instances still on the revoked key").isZero();
		});
		for (ConfigurableApplicationContext context : this.fleet) {
			assertThat(service.ping(key(context))).isEqualTo(200);
		}
	}

	private static List<String> queues(String prefix) {
		return sqs.client().listQueues((list) -> list.queueNamePrefix(prefix)).queueUrls();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
