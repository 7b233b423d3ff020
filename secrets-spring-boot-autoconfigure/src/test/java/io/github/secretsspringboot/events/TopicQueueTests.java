package io.github.secretsspringboot.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.secretsspringboot.test.emulator.EmulatorTopics;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.sqs.EmbeddedSqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link TopicQueue} and {@link OrphanQueueSweeper} against the emulator's SNS and
 * ElasticMQ, through the real SDK clients.
 */
class TopicQueueTests {

	private static final Duration VISIBILITY = Duration.ofSeconds(30);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static SecretsManagerEmulator emulator;

	private static EmbeddedSqs embeddedSqs;

	private static SqsClient sqs;

	private static SnsClient sns;

	private final List<TopicQueue> opened = new ArrayList<>();

	private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

	@BeforeAll
	static void start() {
		emulator = SecretsManagerEmulator.start();
		embeddedSqs = EmbeddedSqs.start();
		emulator.topics().sqsEndpoint(embeddedSqs.endpoint());
		sqs = embeddedSqs.client();
		sns = SnsClient.builder()
			.endpointOverride(emulator.endpoint())
			.region(Region.of(emulator.region()))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.httpClient(UrlConnectionHttpClient.create())
			.build();
	}

	@AfterAll
	static void stop() {
		sns.close();
		embeddedSqs.close();
		emulator.close();
	}

	@AfterEach
	void closeQueues() {
		this.opened.forEach(TopicQueue::close);
	}

	@Test
	void openCreatesATaggedQueueOpenToTheTopicAndSubscribesIt() {
		String topicArn = emulator.topics().create("open");
		TopicQueue queue = queue(topicArn, "open-", List.of("prod/app/db"));
		assertThat(queue.shownUrl()).isEmpty();
		String url = queue.open();
		assertThat(queue.shownUrl()).isEqualTo(url);
		assertThat(queue.mode()).isEqualTo("topic");
		assertThat(url).matches(".*/open-[0-9a-f]{32}");
		assertThat(sqs.listQueueTags((request) -> request.queueUrl(url)).tags())
			.containsEntry(TopicQueue.TOPIC_TAG, topicArn)
			.containsEntry(TopicQueue.HEARTBEAT_TAG, Long.toString(this.clock.instant().getEpochSecond()));
		Map<String, String> attributes = embeddedSqs.attributes(url);
		assertThat(attributes).containsEntry("VisibilityTimeout", "30");
		String queueArn = attributes.get("QueueArn");
		List<EmulatorTopics.Subscription> subscriptions = emulator.topics().subscriptions(topicArn);
		assertThat(subscriptions).singleElement().satisfies((subscription) -> {
			assertThat(subscription.endpoint()).isEqualTo(queueArn);
			assertThat(subscription.subscriptionArn()).isEqualTo(queue.subscriptionArn());
			assertThat(subscription.attributes()).containsEntry("RawMessageDelivery", "true")
				.containsEntry("FilterPolicyScope", "MessageBody")
				.containsEntry("FilterPolicy", queue.filterPolicy());
		});
	}

	@Test
	void theQueuePolicyLetsOnlyTheTopicSend() {
		assertThat(
				TopicQueue.queuePolicy("arn:aws:sqs:us-east-1:123456789012:q", "arn:aws:sns:us-east-1:123456789012:t"))
			.isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"SecretEventsFromTopic\","
					+ "\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},"
					+ "\"Action\":\"sqs:SendMessage\",\"Resource\":\"arn:aws:sqs:us-east-1:123456789012:q\","
					+ "\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:123456789012:t\"}}}]}");
	}

	@Test
	void closeUnsubscribesAndDeletesTheQueue() {
		String topicArn = emulator.topics().create("close");
		TopicQueue queue = queue(topicArn, "close-", List.of("prod/app/db"));
		String url = queue.open();
		queue.close();
		assertThat(emulator.topics().subscriptions(topicArn)).isEmpty();
		assertThat(queueUrls("close-")).doesNotContain(url);
		assertThat(queue.shownUrl()).isEmpty();
		queue.close();
	}

	@Test
	void onlyEventsOfImportedSecretsAreDelivered() {
		String topicArn = emulator.topics().create("filtered");
		emulator.events().toTopic(topicArn);
		try {
			String db = create("filter/app/db");
			String apiKey = create("filter/app/api-key");
			String other = create("filter/other");
			// Their creations reach the topic before the queue is subscribed.
			await().atMost(Duration.ofSeconds(10)).until(() -> emulator.topics().published(topicArn).size() == 6);
			// One import by name, one by full ARN, one by name of a secret still missing.
			TopicQueue queue = queue(topicArn, "filtered-", List.of("filter/app/db", apiKey, "filter/app/later"));
			String url = queue.open();
			SecretsManagerClient secrets = emulator.client();
			secrets.putSecretValue((request) -> request.secretId(other).secretString("canary-other-2"));
			secrets.updateSecret((request) -> request.secretId("filter/other").description("not imported"));
			emulator.topics().publish(topicArn, EventBodies.foreign(emulator.region()));
			String v1 = secrets.describeSecret((request) -> request.secretId(db))
				.versionIdsToStages()
				.keySet()
				.iterator()
				.next();
			String v2 = secrets.putSecretValue((request) -> request.secretId(db).secretString("canary-db-2"))
				.versionId();
			secrets.putSecretValue((request) -> request.secretId(apiKey).secretString("canary-key-2"));
			secrets.deleteSecret((request) -> request.secretId(apiKey).recoveryWindowInDays(7L));
			create("filter/app/later");
			String partial = db.substring(0, db.length() - 7);
			secrets.updateSecretVersionStage((request) -> request.secretId(partial)
				.versionStage("AWSCURRENT")
				.moveToVersionId(v1)
				.removeFromVersionId(v2));
			assertThat(receiveEvents(url, 9)).containsExactly("PutSecretValue " + db, "AWSCURRENT filter/app/db",
					"PutSecretValue " + apiKey, "AWSCURRENT filter/app/api-key", "DeleteSecret " + apiKey,
					"CreateSecret filter/app/later", "AWSCURRENT filter/app/later",
					"UpdateSecretVersionStage " + partial, "AWSCURRENT filter/app/db");
		}
		finally {
			emulator.events().clearTargets();
		}
	}

	@Test
	void heartbeatRenewsTheTag() {
		String topicArn = emulator.topics().create("heartbeat");
		TopicQueue queue = queue(topicArn, "heartbeat-", List.of("prod/app/db"));
		queue.heartbeat();
		String url = queue.open();
		this.clock.move(Duration.ofMinutes(1));
		queue.heartbeat();
		assertThat(sqs.listQueueTags((request) -> request.queueUrl(url)).tags()).containsEntry(TopicQueue.HEARTBEAT_TAG,
				Long.toString(this.clock.instant().getEpochSecond()));
	}

	@Test
	void heartbeatOfADeletedQueueThrowsAndTheQueueOpensAgain() {
		String topicArn = emulator.topics().create("reopen");
		TopicQueue queue = queue(topicArn, "reopen-", List.of("prod/app/db"));
		String url = queue.open();
		sqs.deleteQueue((request) -> request.queueUrl(url));
		assertThatExceptionOfType(QueueDoesNotExistException.class).isThrownBy(queue::heartbeat);
		assertThat(emulator.topics().subscriptions(topicArn)).as("subscription of the deleted queue").isEmpty();
		String reopened = queue.open();
		assertThat(reopened).isNotEqualTo(url);
		assertThat(emulator.topics().subscriptions(topicArn)).hasSize(1);
	}

	@Test
	void aFailedOpenLeavesNothingBehindAndCanBeRetried() {
		String topicArn = emulator.topics().create("denied");
		TopicQueue queue = queue(topicArn, "denied-", List.of("prod/app/db"));
		emulator.topics().deny(topicArn);
		try {
			assertThatExceptionOfType(AuthorizationErrorException.class).isThrownBy(queue::open);
			assertThat(queueUrls("denied-")).isEmpty();
			assertThat(queue.shownUrl()).isEmpty();
		}
		finally {
			emulator.topics().allow(topicArn);
		}
		String url = queue.open();
		assertThat(queueUrls("denied-")).containsExactly(url);
	}

	@Test
	void sweeperDeletesOrphansAndTheirSubscriptionsOnly() {
		String topicArn = emulator.topics().create("sweep");
		String otherTopicArn = emulator.topics().create("sweep-other");
		TopicQueue dead = queue(topicArn, "sweep-", List.of("prod/app/db"));
		String deadUrl = dead.open();
		TopicQueue deadOfOtherTopic = queue(otherTopicArn, "sweep-", List.of("prod/app/db"));
		String otherTopicUrl = deadOfOtherTopic.open();
		String untagged = sqs.createQueue((request) -> request.queueName("sweep-untagged")).queueUrl();
		this.clock.move(Duration.ofMinutes(16));
		TopicQueue live = queue(topicArn, "sweep-", List.of("prod/app/db"));
		String liveUrl = live.open();
		// The sweeping instance's own queue is kept whatever its heartbeat.
		TopicQueue self = queue(topicArn, "sweep-", List.of("prod/app/db"));
		this.clock.move(Duration.ofMinutes(-16));
		String selfUrl = self.open();
		this.clock.move(Duration.ofMinutes(16));

		OrphanQueueSweeper sweeper = new OrphanQueueSweeper(sqs, sns, topicArn, "sweep-", Duration.ofMinutes(15),
				this.clock);
		assertThat(sweeper.sweep(selfUrl).deleted()).containsExactly(deadUrl);
		assertThat(queueUrls("sweep-")).containsExactlyInAnyOrder(otherTopicUrl, untagged, liveUrl, selfUrl);
		assertThat(emulator.topics().subscriptions(topicArn)).extracting(EmulatorTopics.Subscription::subscriptionArn)
			.containsExactlyInAnyOrder(live.subscriptionArn(), self.subscriptionArn());
		assertThat(emulator.topics().subscriptions(otherTopicArn)).hasSize(1);
		assertThatExceptionOfType(QueueDoesNotExistException.class).isThrownBy(dead::heartbeat);
		assertThat(sweeper.sweep(selfUrl)).isEqualTo(new OrphanQueueSweeper.Sweep(4, List.of()));
		sqs.deleteQueue((request) -> request.queueUrl(untagged));
	}

	@Test
	void heartbeatsSweepAtSpreadTimesScaledByTheNumberOfQueues() {
		String topicArn = emulator.topics().create("scheduled");
		Duration orphanAfter = Duration.ofMinutes(15);
		TopicQueue dead = queue(topicArn, "scheduled-", List.of("prod/app/db"));
		String deadUrl = dead.open();
		this.clock.move(Duration.ofMinutes(20));
		OrphanQueueSweeper sweeper = new OrphanQueueSweeper(sqs, sns, topicArn, "scheduled-", orphanAfter, this.clock);
		// Random 0.5: the first sweep half of orphan-after after opening.
		TopicQueue live = queue(topicArn, "scheduled-", List.of("prod/app/db")).sweeping(sweeper, orphanAfter,
				() -> 0.5);
		String liveUrl = live.open();
		this.clock.move(Duration.ofMinutes(7));
		live.heartbeat();
		assertThat(queueUrls("scheduled-")).as("before the first sweep").contains(deadUrl);
		this.clock.move(Duration.ofSeconds(30));
		live.heartbeat();
		assertThat(queueUrls("scheduled-")).containsExactly(liveUrl);
		// Two queues were listed: the next sweep in 2 x 15 minutes x 1.
		TopicQueue lateDead = queue(topicArn, "scheduled-", List.of("prod/app/db"));
		String lateDeadUrl = lateDead.open();
		this.clock.move(Duration.ofMinutes(29));
		live.heartbeat();
		assertThat(queueUrls("scheduled-")).contains(lateDeadUrl);
		this.clock.move(Duration.ofMinutes(1));
		live.heartbeat();
		assertThat(queueUrls("scheduled-")).containsExactly(liveUrl);
	}

	@Test
	void aPolicyWithinLimitsIsAcceptedBySnsAndLargerOnesFallBack() {
		String topicArn = emulator.topics().create("limits");
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 37; i++) {
			names.add("limits/secret-" + i);
		}
		TopicQueue queue = queue(topicArn, "limits-", names);
		assertThat(queue.filterPolicy()).isNotEqualTo(TopicFilterPolicy.ALL_SECRETS_MANAGER_EVENTS);
		queue.open();
		names.add("limits/secret-37");
		TopicQueue larger = queue(topicArn, "limits-", names);
		assertThat(larger.filterPolicy()).isEqualTo(TopicFilterPolicy.ALL_SECRETS_MANAGER_EVENTS);
		larger.open();
		assertThat(emulator.topics().subscriptions(topicArn)).hasSize(2);
	}

	@Test
	void whenTheTopicsFilterPolicyQuotaIsUsedUpTheQueueIsSubscribedWithoutFilter() {
		String topicArn = emulator.topics().create("quota");
		emulator.topics().filterPolicyLimit(1);
		try {
			queue(topicArn, "quota-", List.of("prod/app/db")).open();
			TopicQueue second = queue(topicArn, "quota-", List.of("prod/app/db"));
			String url = second.open();
			assertThat(emulator.topics().subscriptions(topicArn)).hasSize(2)
				.filteredOn((subscription) -> subscription.subscriptionArn().equals(second.subscriptionArn()))
				.singleElement()
				.satisfies((subscription) -> assertThat(subscription.attributes()).doesNotContainKey("FilterPolicy")
					.containsEntry("RawMessageDelivery", "true"));
			emulator.topics().publish(topicArn, labelUpdated("1", "arn:x", "prod/other"));
			assertThat(receiveMarkers(url, 1)).containsExactly("1");
		}
		finally {
			emulator.topics().filterPolicyLimit(EmulatorTopics.DEFAULT_FILTER_POLICY_LIMIT);
		}
	}

	private TopicQueue queue(String topicArn, String prefix, Collection<String> secrets) {
		TopicQueue queue = new TopicQueue(sqs, sns, topicArn, prefix, secrets, VISIBILITY, this.clock);
		this.opened.add(queue);
		return queue;
	}

	private static List<String> queueUrls(String prefix) {
		return sqs.listQueues((request) -> request.queueNamePrefix(prefix)).queueUrls();
	}

	private static List<String> receiveMarkers(String url, int expected) {
		List<String> markers = new ArrayList<>();
		// Deliveries keep publishing order: once the last expected one is in, any other
		// would have come before it.
		while (markers.size() < expected) {
			List<Message> messages = sqs
				.receiveMessage((request) -> request.queueUrl(url).waitTimeSeconds(5).maxNumberOfMessages(10))
				.messages();
			assertThat(messages).as("messages after %s", markers).isNotEmpty();
			for (Message message : messages) {
				String body = message.body();
				String marker = body.replaceAll(".*\"marker\":\"(\\d+)\".*", "$1");
				markers.add(marker);
				sqs.deleteMessage((request) -> request.queueUrl(url).receiptHandle(message.receiptHandle()));
			}
		}
		return markers;
	}

	private static String create(String name) {
		return emulator.client().createSecret((request) -> request.name(name).secretString("canary-" + name)).arn();
	}

	/**
	 * Receives the events of Secrets Manager the queue was sent, each described by its
	 * call and the secret id it was given, or by its label and the secret's name.
	 */
	private static List<String> receiveEvents(String url, int expected) {
		List<String> events = new ArrayList<>();
		while (events.size() < expected) {
			List<Message> messages = sqs
				.receiveMessage((request) -> request.queueUrl(url).waitTimeSeconds(5).maxNumberOfMessages(10))
				.messages();
			assertThat(messages).as("messages after %s", events).isNotEmpty();
			for (Message message : messages) {
				JsonNode event = json.readTree(message.body());
				JsonNode detail = event.path("detail");
				JsonNode parameters = detail.path("requestParameters");
				events.add(detail.has("labelUpdated")
						? detail.path("labelUpdated").asString() + " " + detail.path("name").asString()
						: detail.path("eventName").asString() + " "
								+ parameters.path(parameters.has("secretId") ? "secretId" : "name").asString());
				sqs.deleteMessage((request) -> request.queueUrl(url).receiptHandle(message.receiptHandle()));
			}
		}
		return events;
	}

	private static String labelUpdated(String marker, String arn, String name) {
		return "{\"version\":\"0\",\"id\":\"6a7e8feb-b491-4cf7-a9f1-bf3703467718\",\"detail-type\":\"Secret Label Updated\","
				+ "\"source\":\"aws.secretsmanager\",\"account\":\"123456789012\",\"time\":\"2026-01-01T00:00:00Z\","
				+ "\"region\":\"us-east-1\",\"resources\":[\"" + arn + "\"],\"detail\":{\"name\":\"" + name
				+ "\",\"labelUpdated\":\"AWSCURRENT\",\"versionId\":\"v\"},\"marker\":\"" + marker + "\"}";
	}

	private static String cloudTrail(String marker, String eventName, String requestParameters) {
		return "{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.secretsmanager\","
				+ "\"account\":\"123456789012\",\"time\":\"2026-01-01T00:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],"
				+ "\"detail\":{\"eventSource\":\"secretsmanager.amazonaws.com\",\"eventName\":\"" + eventName
				+ "\",\"requestParameters\":{" + requestParameters + "}},\"marker\":\"" + marker + "\"}";
	}

	/** A clock the test moves. */
	static final class MovableClock extends Clock {

		private volatile Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void move(Duration amount) {
			this.now = this.now.plus(amount);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
