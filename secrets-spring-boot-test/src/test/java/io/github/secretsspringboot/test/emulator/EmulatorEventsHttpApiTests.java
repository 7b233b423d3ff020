package io.github.secretsspringboot.test.emulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.secretsspringboot.test.sqs.EmbeddedSqs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
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
