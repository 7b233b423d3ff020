package io.github.secretsspringboot.shapes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.rotation.SecretRotations;
import io.github.secretsspringboot.test.sqs.EmbeddedSqs;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertDifferentSecret;
import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet of three applications refreshed by Secrets Manager's events, with the periodic
 * check once an hour, through the faults a fleet meets in production: SQS down and back
 * (also seconds after an event was applied), one instance's queue denied, poison messages
 * among the real events, and events delivered twice and out of order. Each instance keeps
 * serving its values and reports the fault; none is ever DOWN for it; every instance ends
 * on the latest values, those changed while its events were lost included.
 */
@ExtendWith(OutputCaptureExtension.class)
class EventFleetFaultTests {

	static final String SECRET = "shapes/fleet-faults/service";

	static final Duration WAIT = Duration.ofSeconds(30);

	static final Status DEGRADED = new Status("DEGRADED");

	static SecretsManagerEmulator emulator;

	static EmbeddedSqs sqs;

	private final FleetSupport fleet = FleetSupport.of(App.class);

	private final List<FleetSupport.InProcess> instances = new ArrayList<>();

	/** The queue names of the instances, in queue mode. */
	private final List<String> queueNames = new ArrayList<>();

	/** The queue URLs of the instances. */
	private final List<String> queueUrls = new ArrayList<>();

	private String initial = "";

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

	@BeforeEach
	void createSecret() {
		emulator.clear();
		emulator.control().reset();
		emulator.events().clearTargets();
		this.initial = newToken();
		emulator.client().createSecret((secret) -> secret.name(SECRET).secretString(secretString(this.initial)));
		// Only the events of the test's own rotations count.
		emulator.events().clearPublished();
	}

	@AfterEach
	void closeFleet() {
		sqs.comeBack();
		this.queueNames.forEach(sqs::allow);
		this.fleet.close();
	}

	@Test
	void sqsDownAndBackDegradesTheFleetThenEveryInstanceCatchesUp() {
		queueFleet();
		awaitEveryInstance("CONNECTED", Status.UP);
		Set<Status> seen = Collections.synchronizedSet(new HashSet<>());
		sqs.goDown();
		try {
			await().atMost(WAIT).untilAsserted(() -> {
				for (FleetSupport.InProcess instance : this.instances) {
					Health health = health(instance);
					seen.add(health.getStatus());
					assertThat(health.getStatus()).as(instance.name() + " health").isEqualTo(DEGRADED);
					assertThat(events(health)).as(instance.name() + " events").containsEntry("state", "FAILING");
				}
			});
			// Rotated while SQS is down: EventBridge gives up on the events, none
			// arrives.
			int failedBefore = emulator.events().failedDeliveries().size();
			String lost = rotate();
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(emulator.events().failedDeliveries())
					.as("deliveries given up while SQS is down")
					.hasSize(failedBefore + 2 * this.instances.size()));
			for (FleetSupport.InProcess instance : this.instances) {
				seen.add(health(instance).getStatus());
				assertSameSecret(token(instance), this.initial, instance.name() + " token while SQS is down");
			}
			sqs.comeBack();
			awaitEveryInstance("CONNECTED", Status.UP);
			// The events are gone: each instance checks its imports once it is connected
			// again, so that what changed meanwhile is in force without the hourly check.
			awaitEveryInstanceHolds(lost, "token rotated while SQS was down");
			for (FleetSupport.InProcess instance : this.instances) {
				assertThat(counter(instance, "aws.secrets.events.catch-ups")).as(instance.name() + " catch-ups")
					.isGreaterThanOrEqualTo(1);
			}
		}
		finally {
			sqs.comeBack();
		}
		assertThat(seen).as("health statuses while SQS was down").doesNotContain(Status.DOWN);
		String rotated = rotate();
		awaitEveryInstanceHolds(rotated, "token rotated after SQS came back");
	}

	@Test
	void shortOutageRightAfterAnAppliedEventIsCaughtUp() {
		queueFleet();
		awaitEveryInstance("CONNECTED", Status.UP);
		String applied = rotate();
		awaitEveryInstanceHolds(applied, "token rotated before the outage");
		// Seconds after that event's check: a check made before the outage cannot tell
		// what changed during it.
		int failedBefore = emulator.events().failedDeliveries().size();
		sqs.goDown();
		String lost;
		try {
			await().atMost(WAIT).untilAsserted(() -> {
				for (FleetSupport.InProcess instance : this.instances) {
					assertThat(events(health(instance))).as(instance.name() + " events")
						.containsEntry("state", "FAILING");
				}
			});
			lost = rotate();
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(emulator.events().failedDeliveries())
					.as("deliveries given up while SQS is down")
					.hasSize(failedBefore + 2 * this.instances.size()));
		}
		finally {
			sqs.comeBack();
		}
		awaitEveryInstance("CONNECTED", Status.UP);
		awaitEveryInstanceHolds(lost, "token rotated during a short outage");
	}

	@Test
	void deniedQueueFailsItsInstanceOnlyUntilAllowed() {
		queueFleet();
		awaitEveryInstance("CONNECTED", Status.UP);
		FleetSupport.InProcess denied = this.instances.get(0);
		sqs.deny(this.queueNames.get(0));
		await().atMost(WAIT).untilAsserted(() -> {
			Health health = health(denied);
			assertThat(health.getStatus()).isEqualTo(DEGRADED);
			Map<String, Object> events = events(health);
			assertThat(events).containsEntry("state", "FAILING");
			assertThat(lastError(events)).containsEntry("kind", "AccessDenied");
		});
		String rotated = rotate();
		for (FleetSupport.InProcess instance : this.instances.subList(1, this.instances.size())) {
			await().atMost(WAIT)
				.untilAsserted(() -> assertSameSecret(token(instance), rotated, instance.name() + " token"));
			assertThat(health(instance).getStatus()).as(instance.name() + " health").isEqualTo(Status.UP);
		}
		// Both of the rotation's events are refused for the denied queue, as SQS refuses
		// EventBridge; given up for good before the queue is allowed again.
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(emulator.events().failedDeliveries())
				.filteredOn((failed) -> failed.target().contains(this.queueNames.get(0)))
				.as("deliveries to the denied queue given up")
				.hasSize(2));
		Health deniedHealth = health(denied);
		assertThat(deniedHealth.getStatus()).isEqualTo(DEGRADED);
		assertSameSecret(token(denied), this.initial, "denied instance's token");
		assertNoSecretIn(deniedHealth.getDetails().toString(), "health of the denied instance", rotated);
		sqs.allow(this.queueNames.get(0));
		await().atMost(WAIT).untilAsserted(() -> {
			Health health = health(denied);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(events(health)).containsEntry("state", "CONNECTED").doesNotContainKey("lastError");
		});
		// Its copy of the rotation's events was refused; it catches up once connected.
		await().atMost(WAIT)
			.untilAsserted(() -> assertSameSecret(token(denied), rotated, "denied instance's token after allow"));
		assertThat(counter(denied, "aws.secrets.events.catch-ups")).as("denied instance's catch-ups")
			.isGreaterThanOrEqualTo(1);
		for (FleetSupport.InProcess instance : this.instances.subList(1, this.instances.size())) {
			assertThat(counter(instance, "aws.secrets.events.catch-ups")).as(instance.name() + " catch-ups").isZero();
		}
		String next = rotate();
		awaitEveryInstanceHolds(next, "token rotated after allow");
	}

	@Test
	void poisonMessagesAreCountedAndDeletedWhileTheRotationReachesEveryInstance(CapturedOutput output) {
		queueFleet();
		awaitEveryInstance("CONNECTED", Status.UP);
		String huge = "{\"source\": \"aws.secretsmanager\", \"detail-type\": \"Secret Label Updated\", \"padding\": \""
				+ "x".repeat(200_000) + "\"}";
		List<String> before = List.of("{\"apiKey\": \"" + this.initial, "not an event at all",
				"{\"version\": \"0\", \"source\": \"aws.ec2\", \"detail-type\": \"EC2 Instance State-change Notification\","
						+ " \"detail\": {\"instance-id\": \"i-0123456789abcdef0\", \"state\": \"running\"}}");
		List<String> after = List.of(
				"{\"source\": \"aws.secretsmanager\", \"detail-type\": \"Secret Label Updated\", \"detail\": {}}", huge,
				labelUpdated("shapes/fleet-faults/not-imported", UUID.randomUUID().toString()));
		for (String queueUrl : this.queueUrls) {
			before.forEach((body) -> send(queueUrl, body));
		}
		String rotated = rotate();
		emulator.events().awaitPublished(2, WAIT);
		for (String queueUrl : this.queueUrls) {
			after.forEach((body) -> send(queueUrl, body));
		}
		awaitEveryInstanceHolds(rotated, "token rotated among poison messages");
		for (int i = 0; i < this.instances.size(); i++) {
			FleetSupport.InProcess instance = this.instances.get(i);
			String queueUrl = this.queueUrls.get(i);
			await().atMost(WAIT).untilAsserted(() -> {
				Map<String, Object> events = events(health(instance));
				assertThat(events).as(instance.name() + " events")
					.containsEntry("received", 8L)
					.containsEntry("invalid", 4L);
				assertThat(ignored(events)).as(instance.name() + " ignored")
					.containsEntry("foreign", 1L)
					.containsEntry("not-imported", 1L);
				assertThat(sqs.attributes(queueUrl)).as(instance.name() + " queue")
					.containsEntry("ApproximateNumberOfMessages", "0")
					.containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
			});
			assertThat(counter(instance, "aws.secrets.events.invalid")).isEqualTo(4);
			assertThat(counter(instance, "aws.secrets.events.ignored", "reason", "foreign")).isEqualTo(1);
			// The rotation's label update; its CloudTrail call is announced by it.
			assertThat(counter(instance, "aws.secrets.events.applied")).isEqualTo(1);
			assertThat(counter(instance, "aws.secrets.events.ignored", "reason", "announced-by-label-event"))
				.isEqualTo(1);
			Health health = health(instance);
			assertThat(health.getStatus()).as(instance.name() + " health").isEqualTo(Status.UP);
			assertNoSecretIn(health.getDetails().toString(), instance.name() + " health", rotated);
		}
		// One poison message quotes a secret value: no log line does.
		assertNoSecretIn(output.getAll(), "the fleet's output", rotated);
	}

	@Test
	void duplicateAndReorderedEventsNeverRollBackAndDuplicatesCostNoRequest() {
		String topicArn = topicFleet();
		awaitEveryInstance("CONNECTED", Status.UP);
		String first = rotate();
		awaitEveryInstanceHolds(first, "token after the first rotation");
		String second = rotate();
		awaitEveryInstanceHolds(second, "token after the second rotation");
		List<String> published = emulator.events().awaitPublished(4, WAIT);
		awaitEveryInstanceHandled(4);
		// The AWSCURRENT event of the version in force, delivered again: nothing to read.
		String latest = published.get(published.size() - 1);
		assertThat(latest).contains("Secret Label Updated").contains(SecretRotations.currentVersion(emulator, SECRET));
		long requests = emulator.control().totalRequests();
		emulator.topics().publish(topicArn, latest);
		emulator.topics().publish(topicArn, latest);
		awaitEveryInstanceHandled(6);
		assertThat(emulator.control().totalRequests()).as("Secrets Manager requests for duplicates")
			.isEqualTo(requests);
		// Both rotations' events again, newest first, twice: the older ones can only lead
		// to a check that finds the version in force.
		List<String> reversed = new ArrayList<>(published);
		Collections.reverse(reversed);
		for (int round = 0; round < 2; round++) {
			reversed.forEach((event) -> emulator.topics().publish(topicArn, event));
		}
		AtomicBoolean rolledBack = new AtomicBoolean();
		await().atMost(WAIT).until(() -> {
			for (FleetSupport.InProcess instance : this.instances) {
				if (first.equals(token(instance))) {
					rolledBack.set(true);
				}
			}
			return this.instances.stream().allMatch((instance) -> handled(instance) == 14);
		});
		assertThat(rolledBack).as("an instance rolled back to the first rotation's token").isFalse();
		for (FleetSupport.InProcess instance : this.instances) {
			assertSameSecret(token(instance), second, instance.name() + " token after replayed events");
			assertThat(events(health(instance))).as(instance.name() + " events").containsEntry("invalid", 0L);
		}
		// The CloudTrail calls cost nothing (their label updates announce them), and each
		// delivery of the first rotation's label update one read of AWSCURRENT at most,
		// which finds the version in force.
		assertThat(emulator.control().totalRequests() - requests).as("Secrets Manager requests for replayed events")
			.isLessThanOrEqualTo(2L * this.instances.size());
	}

	private void queueFleet() {
		for (int i = 0; i < 3; i++) {
			String name = "fault-" + i + "-" + UUID.randomUUID();
			String queueUrl = sqs.createQueue(name);
			emulator.events().toQueue(queueUrl);
			this.queueNames.add(name);
			this.queueUrls.add(queueUrl);
			this.instances.add(this.fleet.start("instance-" + i, properties("aws.secrets.events.queue-url", queueUrl)));
		}
	}

	private String topicFleet() {
		String topicArn = emulator.topics().create("fault-" + UUID.randomUUID());
		emulator.events().toTopic(topicArn);
		String prefix = "fault-" + UUID.randomUUID().toString().substring(0, 8) + "-";
		for (int i = 0; i < 3; i++) {
			this.instances.add(this.fleet.start("instance-" + i,
					properties("aws.secrets.events.topic-arn", topicArn, "aws.secrets.events.queue-name-prefix", prefix,
							"aws.secrets.events.sns-endpoint", emulator.endpoint().toString())));
		}
		await().atMost(WAIT).until(() -> emulator.topics().subscriptions(topicArn).size() == 3);
		return topicArn;
	}

	private static Map<String, String> properties(String... events) {
		Map<String, String> properties = FleetSupport.properties("spring.config.import",
				"aws-secret:" + SECRET + "?prefix=svc", "spring.autoconfigure.exclude",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration", "aws.secrets.endpoint",
				emulator.endpoint().toString(), "aws.secrets.region", emulator.region(), "aws.secrets.refresh.interval",
				"1h", "aws.secrets.events.sqs-endpoint", sqs.endpoint().toString(), "aws.secrets.events.wait-time",
				"1s", "app.token", "${svc.token}");
		properties.putAll(FleetSupport.properties(events));
		return properties;
	}

	private void awaitEveryInstance(String state, Status status) {
		await().atMost(WAIT).untilAsserted(() -> {
			for (FleetSupport.InProcess instance : this.instances) {
				Health health = health(instance);
				assertThat(events(health)).as(instance.name() + " events").containsEntry("state", state);
				assertThat(health.getStatus()).as(instance.name() + " health").isEqualTo(status);
			}
		});
	}

	private void awaitEveryInstanceHolds(String expected, String what) {
		await().atMost(WAIT).untilAsserted(() -> {
			for (FleetSupport.InProcess instance : this.instances) {
				assertSameSecret(token(instance), expected, instance.name() + " " + what);
			}
		});
	}

	/**
	 * Waits until every instance received {@code count} messages and is done with them.
	 */
	private void awaitEveryInstanceHandled(long count) {
		await().atMost(WAIT).untilAsserted(() -> {
			for (FleetSupport.InProcess instance : this.instances) {
				assertThat(handled(instance)).as(instance.name() + " messages handled").isEqualTo(count);
			}
		});
	}

	/**
	 * Writes a new token as AWSCURRENT, as a rotation's finishSecret does; returns it.
	 */
	private String rotate() {
		String token = newToken();
		String previous = currentValue();
		emulator.client().putSecretValue((put) -> put.secretId(SECRET).secretString(secretString(token)));
		assertDifferentSecret(currentValue(), previous, "secret after the rotation");
		return token;
	}

	private static String newToken() {
		return "tok-" + UUID.randomUUID();
	}

	private static String secretString(String token) {
		return "{\"token\": \"" + token + "\"}";
	}

	private static String currentValue() {
		return emulator.client().getSecretValue((get) -> get.secretId(SECRET)).secretString();
	}

	private static String labelUpdated(String name, String versionId) {
		String arn = "arn:aws:secretsmanager:" + emulator.region() + ":" + emulator.accountId() + ":secret:" + name
				+ "-AbCdEf";
		return """
				{"version": "0", "id": "%s", "detail-type": "Secret Label Updated", "source": "aws.secretsmanager",
				 "account": "%s", "time": "2026-01-01T00:00:00Z", "region": "%s", "resources": ["%s"],
				 "detail": {"name": "%s", "labelUpdated": "AWSCURRENT", "versionId": "%s"}}"""
			.formatted(UUID.randomUUID(), emulator.accountId(), emulator.region(), arn, name, versionId);
	}

	private static void send(String queueUrl, String body) {
		sqs.client().sendMessage((message) -> message.queueUrl(queueUrl).messageBody(body));
	}

	private static String token(FleetSupport.InProcess instance) {
		return instance.context().getEnvironment().getProperty("app.token", "");
	}

	private static Health health(FleetSupport.InProcess instance) {
		return instance.context().getBean("secretsHealthIndicator", HealthIndicator.class).health();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> events(Health health) {
		return (Map<String, Object>) health.getDetails().get("events");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> lastError(Map<String, Object> events) {
		Object error = events.get("lastError");
		return (error != null) ? (Map<String, Object>) error : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Long> ignored(Map<String, Object> events) {
		return (Map<String, Long>) events.get("ignored");
	}

	/**
	 * The messages an instance received and is done with (applied once their refresh
	 * completed, ignored or invalid), or -1 while some are in hand.
	 */
	private static long handled(FleetSupport.InProcess instance) {
		Map<String, Object> events = events(health(instance));
		long received = (Long) events.get("received");
		long done = (Long) events.get("applied") + (Long) events.get("invalid")
				+ ignored(events).values().stream().mapToLong(Long::longValue).sum();
		return (done == received) ? received : -1;
	}

	private static double counter(FleetSupport.InProcess instance, String name, String... tags) {
		FunctionCounter counter = instance.bean(MeterRegistry.class).find(name).tags(tags).functionCounter();
		assertThat(counter).as(instance.name() + " meter " + name).isNotNull();
		return counter.count();
	}

	/** Fails, without quoting either text, if {@code text} holds a secret value. */
	private void assertNoSecretIn(String text, String what, String... secrets) {
		List<String> values = new ArrayList<>(List.of(secrets));
		values.add(this.initial);
		for (String secret : values) {
			assertThat(text.contains(secret)).as(what + " holds a secret value").isFalse();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
