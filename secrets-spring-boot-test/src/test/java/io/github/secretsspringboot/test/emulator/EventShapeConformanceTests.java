package io.github.secretsspringboot.test.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.github.secretsspringboot.test.rotation.JsonKeyRotationFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The events the emulator publishes against the shapes of the AWS documentation's example
 * events (field lists under {@code event-shapes/}): same field names, nesting and JSON
 * types, and never a secret value.
 */
class EventShapeConformanceTests {

	private static final String ROTATION = "arn:aws:lambda:us-east-1:123456789012:function:conformance-rotation";

	private static final String ISO_SECONDS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String CANARY_CREATE = "canary-create-" + UUID.randomUUID();

	private static final String CANARY_PUT = "canary-put-" + UUID.randomUUID();

	private static final String CANARY_UPDATE = "canary-update-" + UUID.randomUUID();

	private static final byte[] CANARY_BINARY = ("canary-binary-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

	private static SecretsManagerEmulator emulator;

	private static List<JsonNode> events;

	private static List<String> documents;

	private static String rotatedValue;

	private static String secretArn;

	@BeforeAll
	static void runEveryOperationThatPublishes() {
		emulator = SecretsManagerEmulator.start();
		emulator.registerRotationFunction(ROTATION, new JsonKeyRotationFunction("api_key"));
		SecretsManagerClient client = emulator.client();
		String name = "conformance/" + UUID.randomUUID();
		secretArn = client.createSecret((r) -> r.name(name).secretString(apiKey(CANARY_CREATE))).arn();
		client.putSecretValue((r) -> r.secretId(name).secretString(apiKey(CANARY_PUT)).versionStages("AWSCURRENT"));
		client.updateSecret((r) -> r.secretId(name).secretString(apiKey(CANARY_UPDATE)));
		String binaryVersion = client
			.putSecretValue(
					(r) -> r.secretId(name).secretBinary(SdkBytes.fromByteArray(CANARY_BINARY)).versionStages("blue"))
			.versionId();
		String current = client.getSecretValue((r) -> r.secretId(name)).versionId();
		client.updateSecretVersionStage((r) -> r.secretId(name)
			.versionStage("blue")
			.removeFromVersionId(binaryVersion)
			.moveToVersionId(current));
		String token = client
			.rotateSecret((r) -> r.secretId(name)
				.rotationLambdaARN(ROTATION)
				.rotationRules((rules) -> rules.automaticallyAfterDays(30L)))
			.versionId();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> emulator.rotation(token).orElseThrow(), RotationOutcome::isDone);
		rotatedValue = json.readTree(client.getSecretValue((r) -> r.secretId(name)).secretString())
			.get("api_key")
			.asString();
		client.cancelRotateSecret((r) -> r.secretId(name));
		client.deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(7L));
		client.restoreSecret((r) -> r.secretId(name));
		// Create, Put, Update, Put, UpdateSecretVersionStage; Rotate, rotation's Put
		// and UpdateSecretVersionStage; Cancel, Delete, Restore; and six label events.
		documents = emulator.events().awaitPublished(17, Duration.ofSeconds(10));
		events = documents.stream().map(json::readTree).toList();
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void everyOperationThatChangesASecretPublishedAnApiCallEvent() {
		assertThat(apiCalls()).extracting((event) -> event.at("/detail/eventName").asString())
			.containsExactly("CreateSecret", "PutSecretValue", "UpdateSecret", "PutSecretValue",
					"UpdateSecretVersionStage", "RotateSecret", "PutSecretValue", "UpdateSecretVersionStage",
					"CancelRotateSecret", "DeleteSecret", "RestoreSecret");
		assertThat(labelUpdates()).extracting((event) -> event.at("/detail/labelUpdated").asString())
			.containsExactly("AWSCURRENT", "AWSCURRENT", "AWSCURRENT", "blue", "blue", "AWSCURRENT");
	}

	@Test
	void labelUpdatedEventsHaveTheFieldsOfTheDocumentedExample() {
		Set<String> expected = expectedFields("secret-label-updated.fields");
		assertThat(labelUpdates()).isNotEmpty().allSatisfy((event) -> {
			assertThat(fields(event, "", Set.of())).isEqualTo(expected);
			assertThat(event.get("version").asString()).isEqualTo("0");
			assertThat(event.get("source").asString()).isEqualTo("aws.secretsmanager");
			assertThat(event.get("time").asString()).matches(ISO_SECONDS);
			assertThat(event.get("resources").get(0).asString()).isEqualTo(secretArn);
			assertThat(event.get("id").asString()).matches("[0-9a-f-]{36}");
		});
	}

	@Test
	void apiCallEventsHaveTheFieldsOfTheDocumentedCloudTrailRecords() {
		Set<String> expected = expectedFields("cloudtrail-api-call.fields");
		assertThat(apiCalls()).isNotEmpty().allSatisfy((event) -> {
			assertThat(fields(event, "", Set.of("/detail/requestParameters", "/detail/responseElements")))
				.isEqualTo(expected);
			assertThat(event.at("/detail/eventSource").asString()).isEqualTo("secretsmanager.amazonaws.com");
			assertThat(event.at("/detail/eventTime").asString()).matches(ISO_SECONDS);
			assertThat(event.at("/detail/awsRegion").asString()).isEqualTo(emulator.region());
			assertThat(event.at("/detail/recipientAccountId").asString()).isEqualTo(emulator.accountId());
			assertThat(event.get("resources")).isEmpty();
		});
	}

	@Test
	void requestParametersAndResponseElementsAreThoseOfEachOperation() {
		Map<String, String[]> expected = expectedElements();
		assertThat(apiCalls()).allSatisfy((event) -> {
			String operation = event.at("/detail/eventName").asString();
			assertThat(expected).containsKey(operation);
			assertThat(names(event.at("/detail/requestParameters"))).as("requestParameters of %s", operation)
				.isEqualTo(new TreeSet<>(List.of(expected.get(operation)[0].split(" "))));
			assertThat(names(event.at("/detail/responseElements"))).as("responseElements of %s", operation)
				.isEqualTo(new TreeSet<>(List.of(expected.get(operation)[1].split(" "))));
			JsonNode arn = event.at("/detail/responseElements").has("arn") ? event.at("/detail/responseElements/arn")
					: event.at("/detail/responseElements/aRN");
			assertThat(arn.asString()).isEqualTo(secretArn);
		});
	}

	@Test
	void noEventCarriesASecretValue() {
		String base64 = Base64.getEncoder().encodeToString(CANARY_BINARY);
		assertThat(documents).isNotEmpty()
			.allSatisfy((document) -> assertThat(document).doesNotContain(CANARY_CREATE, CANARY_PUT, CANARY_UPDATE,
					base64, new String(CANARY_BINARY, StandardCharsets.UTF_8), rotatedValue));
		assertThat(rotatedValue).isNotBlank();
	}

	private static List<JsonNode> apiCalls() {
		return events.stream()
			.filter((event) -> "AWS API Call via CloudTrail".equals(event.get("detail-type").asString()))
			.toList();
	}

	private static List<JsonNode> labelUpdates() {
		return events.stream()
			.filter((event) -> "Secret Label Updated".equals(event.get("detail-type").asString()))
			.toList();
	}

	/** Each field as {@code <JSON pointer> <JSON type>}, skipping the given subtrees. */
	private static Set<String> fields(JsonNode node, String pointer, Set<String> opaque) {
		Set<String> fields = new TreeSet<>();
		if (!pointer.isEmpty()) {
			fields.add(pointer + " " + type(node));
		}
		if (opaque.contains(pointer)) {
			return fields;
		}
		if (node.isObject()) {
			node.properties()
				.forEach((member) -> fields.addAll(fields(member.getValue(), pointer + "/" + member.getKey(), opaque)));
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				fields.addAll(fields(node.get(i), pointer + "/" + i, opaque));
			}
		}
		return fields;
	}

	private static String type(JsonNode node) {
		if (node.isObject()) {
			return "object";
		}
		if (node.isArray()) {
			return "array";
		}
		if (node.isString()) {
			return "string";
		}
		if (node.isNumber()) {
			return "number";
		}
		if (node.isBoolean()) {
			return "boolean";
		}
		return "null";
	}

	private static Set<String> names(JsonNode object) {
		Set<String> names = new TreeSet<>();
		object.properties().forEach((member) -> names.add(member.getKey()));
		return names;
	}

	private static Set<String> expectedFields(String resource) {
		Set<String> fields = new TreeSet<>();
		for (String line : lines(resource)) {
			fields.add(line.replaceAll("\\s+", " "));
		}
		return fields;
	}

	private static Map<String, String[]> expectedElements() {
		Map<String, String[]> elements = new LinkedHashMap<>();
		for (String line : lines("cloudtrail-elements.fields")) {
			String[] parts = line.split("\\|");
			elements.put(parts[0].trim(), new String[] { parts[1].trim(), parts[2].trim() });
		}
		return elements;
	}

	private static List<String> lines(String resource) {
		try (InputStream in = EventShapeConformanceTests.class.getResourceAsStream("/event-shapes/" + resource)) {
			assertThat(in).as(resource).isNotNull();
			List<String> lines = new ArrayList<>();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (!line.isBlank() && !line.startsWith("#")) {
					lines.add(line.trim());
				}
			}
			return lines;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String apiKey(String value) {
		return "{\"api_key\":\"" + value + "\"}";
	}

}
