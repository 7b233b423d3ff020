package io.github.secretsspringboot.test.emulator;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.secretsspringboot.test.sqs.EmbeddedSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Event targets and published events through the control API and the command line, as
 * tests of a standalone emulator use them.
 */
class EmulatorEventsHttpApiTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static EmbeddedSqs sqs;

	@BeforeAll
	static void startSqs() {
		sqs = EmbeddedSqs.start();
	}

	@AfterAll
	static void stopSqs() {
		sqs.close();
	}

	@Test
	void eventTargetsAreAddedListedAndClearedAndEventsRead() throws Exception {
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start()) {
			String queueUrl = sqs.createQueue("control-" + UUID.randomUUID());
			HttpResponse<String> added = EmulatorControlHttpApiTests.call(emulator.endpoint(), "POST", "event-targets",
					"{\"queueUrl\":\"" + queueUrl + "\"}");
			assertThat(added.statusCode()).isEqualTo(200);
			assertThat(json.readTree(added.body()).get("targets").get(0).asString()).contains(queueUrl);
			emulator.client().createSecret((r) -> r.name("control/events").secretString("value"));
			JsonNode events = json
				.readTree(EmulatorControlHttpApiTests.call(emulator.endpoint(), "GET", "events", null).body());
			assertThat(events.get("count").asInt()).isEqualTo(2);
			assertThat(events.get("events").get(1).get("detail-type").asString()).isEqualTo("Secret Label Updated");
			assertThat(receive(queueUrl, 2)).hasSize(2);
			HttpResponse<String> cleared = EmulatorControlHttpApiTests.call(emulator.endpoint(), "DELETE",
					"event-targets", null);
			assertThat(json.readTree(cleared.body()).get("targets")).isEmpty();
			assertThat(emulator.events().targets()).isEmpty();
			JsonNode afterClear = json
				.readTree(EmulatorControlHttpApiTests.call(emulator.endpoint(), "DELETE", "events", null).body());
			assertThat(afterClear.get("count").asInt()).isZero();
			assertThat(emulator.events().published()).isEmpty();
		}
	}

	@Test
	void aTargetWithoutAQueueUrlIsABadRequest() throws Exception {
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start()) {
			assertThat(
					EmulatorControlHttpApiTests.call(emulator.endpoint(), "POST", "event-targets", "{}").statusCode())
				.isEqualTo(400);
			assertThat(EmulatorControlHttpApiTests
				.call(emulator.endpoint(), "POST", "event-targets", "{\"queueUrl\":\"not a url\"}")
				.statusCode()).isEqualTo(400);
			assertThat(emulator.events().targets()).isEmpty();
		}
	}

	@Test
	void theStandaloneEmulatorSendsEventsToTheQueuesOfTheCommandLine() {
		String queueUrl = sqs.createQueue("standalone-" + UUID.randomUUID());
		try (EmulatorProcess process = EmulatorProcess.start("--port", "0", "--event-queue", queueUrl)) {
			try (SecretsManagerClient client = EmulatorClients.forEndpoint(process.awaitEndpoint(), "us-east-1")) {
				client.createSecret((r) -> r.name("standalone/events").secretString("value"));
			}
			List<JsonNode> received = receive(queueUrl, 2).stream().map(json::readTree).toList();
			assertThat(received).extracting((event) -> event.get("detail-type").asString())
				.containsExactly("AWS API Call via CloudTrail", "Secret Label Updated");
			assertThat(process.out()).anySatisfy((line) -> assertThat(line).contains("Events to: " + queueUrl));
		}
	}

	@Test
	void eventQueueIsRepeatableOnTheCommandLine() {
		EmulatorOptions options = EmulatorOptions.parse("--event-queue", "http://127.0.0.1:1/1/a",
				"--event-queue=http://127.0.0.1:1/1/b");
		assertThat(options.eventQueues()).containsExactly("http://127.0.0.1:1/1/a", "http://127.0.0.1:1/1/b");
		assertThat(EmulatorOptions.usage()).contains("--event-queue <url>");
	}

	@Test
	void theStandaloneEmulatorPublishesToTheTopicOfTheCommandLineAndDeliversToTheSqsEndpoint() {
		String queueName = "standalone-topic-" + UUID.randomUUID();
		String queueUrl = sqs.createQueue(queueName);
		try (EmulatorProcess process = EmulatorProcess.start("--port", "0", "--event-topic", "secret-events",
				"--sqs-endpoint", sqs.endpoint().toString())) {
			URI endpoint = process.awaitEndpoint();
			String topicArn = "arn:aws:sns:us-east-1:123456789012:secret-events";
			subscribe(endpoint, topicArn, sqs.queueArn(queueName));
			try (SecretsManagerClient client = EmulatorClients.forEndpoint(endpoint, "us-east-1")) {
				client.createSecret((r) -> r.name("standalone/topic").secretString("value"));
			}
			List<JsonNode> received = receive(queueUrl, 2).stream().map(json::readTree).toList();
			assertThat(received).extracting((event) -> event.get("detail-type").asString())
				.containsExactly("AWS API Call via CloudTrail", "Secret Label Updated");
			assertThat(process.out()).anySatisfy((line) -> assertThat(line).contains("Events to: " + topicArn));
			assertThat(process.out())
				.anySatisfy((line) -> assertThat(line).contains("Topics deliver to SQS at: " + sqs.endpoint()));
		}
	}

	@Test
	void topicTargetAndSqsEndpointAreSetThroughTheControlApi() throws Exception {
		String queueName = "control-topic-" + UUID.randomUUID();
		String queueUrl = sqs.createQueue(queueName);
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start()) {
			URI endpoint = emulator.endpoint();
			assertThat(json.readTree(EmulatorControlHttpApiTests.call(endpoint, "GET", "sqs-endpoint", null).body())
				.get("endpoint")
				.isNull()).isTrue();
			HttpResponse<String> set = EmulatorControlHttpApiTests.call(endpoint, "POST", "sqs-endpoint",
					"{\"endpoint\":\"" + sqs.endpoint() + "\"}");
			assertThat(set.statusCode()).isEqualTo(200);
			assertThat(json.readTree(set.body()).get("endpoint").asString()).isEqualTo(sqs.endpoint().toString());
			assertThat(emulator.topics().sqsEndpoint()).isEqualTo(sqs.endpoint());
			String topicArn = emulator.topics().create("control-events");
			HttpResponse<String> added = EmulatorControlHttpApiTests.call(endpoint, "POST", "event-targets",
					"{\"topicArn\":\"" + topicArn + "\"}");
			assertThat(added.statusCode()).isEqualTo(200);
			assertThat(json.readTree(added.body()).get("targets").get(0).asString()).isEqualTo("SNS topic " + topicArn);
			subscribe(endpoint, topicArn, sqs.queueArn(queueName));
			emulator.client().createSecret((r) -> r.name("control/topic").secretString("value"));
			assertThat(receive(queueUrl, 2)).hasSize(2);
		}
	}

	@Test
	void aBadSqsEndpointOrAnUnknownTopicIsABadRequest() throws Exception {
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start()) {
			URI endpoint = emulator.endpoint();
			HttpResponse<String> badEndpoint = EmulatorControlHttpApiTests.call(endpoint, "POST", "sqs-endpoint",
					"{\"endpoint\":\"not a url\"}");
			assertThat(badEndpoint.statusCode()).isEqualTo(400);
			assertThat(badEndpoint.body()).contains("must be an http or https URL");
			HttpResponse<String> unknownTopic = EmulatorControlHttpApiTests.call(endpoint, "POST", "event-targets",
					"{\"topicArn\":\"arn:aws:sns:us-east-1:123456789012:missing\"}");
			assertThat(unknownTopic.statusCode()).isEqualTo(400);
			assertThat(emulator.events().targets()).isEmpty();
			assertThat(emulator.topics().sqsEndpoint()).isNull();
		}
	}

	@Test
	void sqsEndpointAndEventTopicOnTheCommandLine() {
		EmulatorOptions options = EmulatorOptions.parse("--sqs-endpoint=http://127.0.0.1:9324", "--event-topic", "a",
				"--event-topic=b");
		assertThat(options.sqsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:9324"));
		assertThat(options.eventTopics()).containsExactly("a", "b");
		assertThat(EmulatorOptions.parse().sqsEndpoint()).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> EmulatorOptions.parse("--sqs-endpoint", "127.0.0.1:9324"))
			.withMessage(
					"--sqs-endpoint must be an http or https URL such as http://127.0.0.1:9324, was 127.0.0.1:9324");
		assertThat(EmulatorOptions.usage()).contains("--sqs-endpoint <url>").contains("--event-topic <name>");
	}

	@Test
	void aBadEventTopicStopsTheStandaloneEmulator() {
		try (EmulatorProcess process = EmulatorProcess.start("--port", "0", "--event-topic", "not a name")) {
			assertThat(process.awaitExit()).isEqualTo(1);
			assertThat(String.join("\n", process.err())).contains("Bad --event-topic");
		}
	}

	private static void subscribe(URI endpoint, String topicArn, String queueArn) {
		try (SnsClient sns = SnsClient.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.httpClient(UrlConnectionHttpClient.create())
			.build()) {
			sns.subscribe((request) -> request.topicArn(topicArn)
				.protocol("sqs")
				.endpoint(queueArn)
				.attributes(Map.of("RawMessageDelivery", "true")));
		}
	}

	private static List<String> receive(String queueUrl, int count) {
		List<String> bodies = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			for (Message message : sqs.client()
				.receiveMessage((r) -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
				.messages()) {
				bodies.add(message.body());
			}
			return bodies.size() >= count;
		});
		return bodies;
	}

}
