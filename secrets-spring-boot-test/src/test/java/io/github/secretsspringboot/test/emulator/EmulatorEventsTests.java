package io.github.secretsspringboot.test.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import io.github.secretsspringboot.test.rotation.JsonKeyRotationFunction;
import io.github.secretsspringboot.test.sqs.EmbeddedSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The events the emulator publishes for the operations that change secrets, and their
 * delivery to a real SQS queue (ElasticMQ) with the real SDK.
 */
class EmulatorEventsTests {

	private static final String ROTATION = "arn:aws:lambda:us-east-1:123456789012:function:rotate-api-key";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static EmbeddedSqs sqs;

	private static SecretsManagerEmulator emulator;

	private static SecretsManagerClient client;

	private String queueUrl;

	@BeforeAll
	static void start() {
		sqs = EmbeddedSqs.start();
		emulator = SecretsManagerEmulator.start();
		emulator.registerRotationFunction(ROTATION, new JsonKeyRotationFunction("api_key"));
		client = emulator.client();
	}

	@AfterAll
	static void stop() {
		emulator.close();
		sqs.close();
	}

	@BeforeEach
	void newQueue() {
		this.queueUrl = sqs.createQueue("events-" + UUID.randomUUID());
		emulator.events().clearPublished();
		emulator.events().toQueue(this.queueUrl);
	}

	@AfterEach
	void clearTargets() {
		emulator.events().clearTargets();
	}

	@Test
	void aRotationPublishesItsApiCallsAndTheMoveOfAwsCurrentButNoPendingOrPreviousLabel() {
		String name = createSecret("{\"api_key\":\"old-key\"}");
		List<String> beforeRotation = emulator.events().published();
		String token = client.rotateSecret((r) -> r.secretId(name).rotationLambdaARN(ROTATION)).versionId();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> emulator.rotation(token).orElseThrow(), RotationOutcome::isDone);
		// RotateSecret, PutSecretValue (createSecret step), UpdateSecretVersionStage
		// (finishSecret step), Secret Label Updated
		List<JsonNode> events = parse(
				emulator.events().awaitPublished(beforeRotation.size() + 4, Duration.ofSeconds(10)))
			.subList(beforeRotation.size(), beforeRotation.size() + 4);
		assertThat(events).extracting(EmulatorEventsTests::describe)
			.containsExactly("AWS API Call via CloudTrail RotateSecret", "AWS API Call via CloudTrail PutSecretValue",
					"AWS API Call via CloudTrail UpdateSecretVersionStage", "Secret Label Updated AWSCURRENT");
		JsonNode labelUpdated = events.get(3);
		assertThat(labelUpdated.at("/detail/versionId").asString()).isEqualTo(token);
		assertThat(labelUpdated.at("/detail/name").asString()).isEqualTo(name);
		assertThat(labelUpdated.at("/resources/0").asString())
			.isEqualTo(client.describeSecret((r) -> r.secretId(name)).arn());
		assertThat(parse(emulator.events().published())).extracting((event) -> event.at("/detail/labelUpdated"))
			.filteredOn(JsonNode::isString)
			.extracting(JsonNode::asString)
			.containsOnly("AWSCURRENT");
		assertThat(receive(emulator.events().published().size()))
			.containsExactlyElementsOf(emulator.events().published());
	}

	@Test
	void putSecretValuePublishesOneLabelEventPerLabelMovedOntoTheNewVersion() {
		String name = createSecret("first");
		emulator.events().clearPublished();
		String version = client
			.putSecretValue((r) -> r.secretId(name).secretString("second").versionStages("AWSCURRENT", "blue"))
			.versionId();
		assertThat(parse(emulator.events().published())).extracting(EmulatorEventsTests::describe)
			.containsExactly("AWS API Call via CloudTrail PutSecretValue", "Secret Label Updated AWSCURRENT",
					"Secret Label Updated blue");
		assertThat(parse(emulator.events().published()).subList(1, 3))
			.allSatisfy((event) -> assertThat(event.at("/detail/versionId").asString()).isEqualTo(version));
		emulator.events().clearPublished();
		client.putSecretValue((r) -> r.secretId(name).secretString("pending").versionStages("AWSPENDING"));
		assertThat(parse(emulator.events().published())).extracting(EmulatorEventsTests::describe)
			.containsExactly("AWS API Call via CloudTrail PutSecretValue");
	}

	@Test
	void aRetriedWriteMovesNoLabelAndPublishesOnlyItsApiCall() {
		String name = createSecret("first");
		String token = UUID.randomUUID().toString();
		client.putSecretValue((r) -> r.secretId(name).secretString("second").clientRequestToken(token));
		emulator.events().clearPublished();
		client.putSecretValue((r) -> r.secretId(name).secretString("second").clientRequestToken(token));
		assertThat(parse(emulator.events().published())).extracting(EmulatorEventsTests::describe)
			.containsExactly("AWS API Call via CloudTrail PutSecretValue");
	}

	@Test
	void operationsThatChangeSecretsPublishTheirApiCallsWithAwsSpellingOfTheArn() {
		String name = createSecret("value");
		String arn = client.describeSecret((r) -> r.secretId(name)).arn();
		client.updateSecret((r) -> r.secretId(name).description("metadata only"));
		client.deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(7L));
		client.restoreSecret((r) -> r.secretId(name));
		client.getSecretValue((r) -> r.secretId(name));
		client.describeSecret((r) -> r.secretId(name));
		List<JsonNode> events = parse(emulator.events().published());
		assertThat(events).extracting(EmulatorEventsTests::describe)
			.containsExactly("AWS API Call via CloudTrail CreateSecret", "Secret Label Updated AWSCURRENT",
					"AWS API Call via CloudTrail UpdateSecret", "AWS API Call via CloudTrail DeleteSecret",
					"AWS API Call via CloudTrail RestoreSecret");
		assertThat(events.get(0).at("/detail/responseElements/arn").asString()).isEqualTo(arn);
		assertThat(events.get(2).at("/detail/responseElements/arn").asString()).isEqualTo(arn);
		assertThat(events.get(2).at("/detail/requestParameters/description").asString()).isEqualTo("metadata only");
		assertThat(events.get(3).at("/detail/responseElements/aRN").asString()).isEqualTo(arn);
		assertThat(events.get(3).at("/detail/requestParameters/recoveryWindowInDays").asInt()).isEqualTo(7);
		assertThat(events.get(4).at("/detail/responseElements/aRN").asString()).isEqualTo(arn);
		assertThat(events).allSatisfy((event) -> {
			assertThat(event.get("source").asString()).isEqualTo("aws.secretsmanager");
			assertThat(event.get("account").asString()).isEqualTo(emulator.accountId());
			assertThat(event.get("region").asString()).isEqualTo(emulator.region());
		});
	}

	@Test
	void aFailedOperationPublishesNothing() {
		String name = createSecret("value");
		emulator.events().clearPublished();
		try {
			client.updateSecretVersionStage((r) -> r.secretId(name).versionStage("AWSCURRENT"));
		}
		catch (RuntimeException ex) {
			// AWSCURRENT can't be removed: expected.
		}
		assertThat(emulator.events().published()).isEmpty();
	}

	@Test
	void eventsReachTheQueueInTheOrderTheyOccurred() {
		String name = createSecret("v0");
		List<String> versions = new ArrayList<>();
		for (int i = 1; i <= 8; i++) {
			String value = "v" + i;
			versions.add(client.putSecretValue((r) -> r.secretId(name).secretString(value)).versionId());
		}
		List<JsonNode> received = receive(18).stream().map(json::readTree).toList();
		assertThat(received).filteredOn((event) -> "Secret Label Updated".equals(event.get("detail-type").asString()))
			.extracting((event) -> event.at("/detail/versionId").asString())
			.endsWith(versions.toArray(String[]::new));
		assertThat(received).map(Object::toString)
			.containsExactlyElementsOf(parse(emulator.events().published()).stream().map(Object::toString).toList());
	}

	@Test
	void anEventDelayHoldsDeliveryButNotPublication() {
		try (SecretsManagerEmulator delayed = SecretsManagerEmulator.builder()
			.eventDelay(Duration.ofMillis(1500))
			.start()) {
			delayed.events().toQueue(this.queueUrl);
			long started = System.nanoTime();
			delayed.client().createSecret((r) -> r.name("delayed").secretString("value"));
			assertThat(delayed.events().published()).hasSize(2);
			List<String> received = receive(2);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
			assertThat(received).containsExactlyElementsOf(delayed.events().published());
		}
	}

	@Test
	void aQueueThatIsDownRecordsAFailedDeliveryAndTheApiCallSucceeds() {
		// An emulator of its own: deliveries other tests left queued must not fail here.
		try (SecretsManagerEmulator own = SecretsManagerEmulator.start()) {
			own.events().toQueue(this.queueUrl);
			sqs.goDown();
			try {
				own.client().createSecret((r) -> r.name("down/" + UUID.randomUUID()).secretString("value"));
				assertThat(own.events().published()).hasSize(2);
				await().atMost(Duration.ofSeconds(30)).until(() -> own.events().failedDeliveries().size() == 2);
			}
			finally {
				sqs.comeBack();
			}
			assertThat(own.events().failedDeliveries()).extracting(EmulatorEvents.FailedDelivery::event)
				.containsExactlyElementsOf(own.events().published());
			assertThat(own.events().failedDeliveries()).allSatisfy((failed) -> {
				assertThat(failed.target()).contains(this.queueUrl);
				assertThat(failed.error()).contains("SdkClientException");
			});
			assertThat(sqs.attributes(this.queueUrl)).containsEntry("ApproximateNumberOfMessages", "0");
		}
	}

	@Test
	void clearedTargetsReceiveNothingMore() {
		emulator.events().clearTargets();
		createSecret("value");
		assertThat(emulator.events().published()).hasSize(2);
		assertThat(emulator.events().targets()).isEmpty();
		String marker = sqs.createQueue("marker-" + UUID.randomUUID());
		emulator.events().toQueue(marker);
		createSecret("value");
		// The queue added later receives the later events; the cleared one none.
		assertThat(receive(marker, 2)).hasSize(2);
		assertThat(sqs.attributes(this.queueUrl)).containsEntry("ApproximateNumberOfMessages", "0");
	}

	@Test
	void aCustomTargetReceivesEachEvent() {
		List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
		emulator.events().to(delivered::add);
		createSecret("value");
		await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 2);
		assertThat(delivered).containsExactlyElementsOf(emulator.events().published());
	}

	@Test
	void aTargetThatHangsHoldsUpNoOtherTarget() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		List<String> hung = new java.util.concurrent.CopyOnWriteArrayList<>();
		emulator.events().to((event) -> {
			hung.add(event);
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
		emulator.events().to(delivered::add);
		createSecret("value");
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 2);
			assertThat(hung).hasSize(1);
		}
		finally {
			release.countDown();
		}
		// Once free, the hung target gets the rest, in order.
		await().atMost(Duration.ofSeconds(10)).until(() -> hung.size() == 2);
		assertThat(hung).containsExactlyElementsOf(delivered);
	}

	private static String createSecret(String value) {
		String name = "events/" + UUID.randomUUID();
		client.createSecret((r) -> r.name(name).secretString(value));
		return name;
	}

	private List<String> receive(int count) {
		return receive(this.queueUrl, count);
	}

	private static List<String> receive(String queueUrl, int count) {
		List<String> bodies = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			List<Message> messages = sqs.client()
				.receiveMessage((r) -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
				.messages();
			for (Message message : messages) {
				bodies.add(message.body());
				sqs.client().deleteMessage((r) -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
			}
			return bodies.size() >= count;
		});
		return bodies;
	}

	private static List<JsonNode> parse(List<String> events) {
		return events.stream().map(json::readTree).toList();
	}

	private static String describe(JsonNode event) {
		String detailType = event.get("detail-type").asString();
		JsonNode detail = event.get("detail");
		return detailType + " " + (detail.has("eventName") ? detail.get("eventName").asString()
				: detail.get("labelUpdated").asString());
	}

}
