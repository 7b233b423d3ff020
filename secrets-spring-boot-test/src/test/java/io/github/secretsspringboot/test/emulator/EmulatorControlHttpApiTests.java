package io.github.secretsspringboot.test.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The control API over HTTP, as a test in another language or a shell script would use
 * it.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class EmulatorControlHttpApiTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static SecretsManagerEmulator emulator;

	private static SecretsManagerClient client;

	@BeforeAll
	static void useEmulator(SecretsManagerEmulator started) {
		emulator = started;
		client = EmulatorClients.withoutRetries(emulator);
		client.createSecret((r) -> r.name("http/db").secretString("db-value"));
	}

	@AfterAll
	static void closeClient() {
		client.close();
	}

	@AfterEach
	void resetControl() throws Exception {
		call("POST", "reset", "");
	}

	@Test
	void healthAnswersUp() throws Exception {
		HttpResponse<String> response = call("GET", "health", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(body(response).get("status").asString()).isEqualTo("UP");
	}

	@Test
	void latencyIsSetReadAndCleared() throws Exception {
		assertThat(body(ok("POST", "latency", "{\"millis\":250}")).get("millis").asLong()).isEqualTo(250);
		assertThat(emulator.control().latency()).isEqualTo(Duration.ofMillis(250));
		long started = System.nanoTime();
		client.getSecretValue((r) -> r.secretId("http/db"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
		assertThat(body(ok("GET", "latency", null)).get("millis").asLong()).isEqualTo(250);
		ok("DELETE", "latency", null);
		assertThat(emulator.control().latency()).isZero();
	}

	@Test
	void outageStartsAndEnds() throws Exception {
		assertThat(body(ok("POST", "outage", "{\"kind\":\"THROTTLING\"}")).get("kind").asString())
			.isEqualTo("THROTTLING");
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> client.getSecretValue((r) -> r.secretId("http/db")))
			.satisfies((ex) -> assertThat(ex.isThrottlingException()).isTrue());
		ok("DELETE", "outage", null);
		assertThatNoException().isThrownBy(() -> client.getSecretValue((r) -> r.secretId("http/db")));
		assertThat(body(ok("POST", "outage", null)).get("kind").asString()).isEqualTo("CONNECTION_RESET");
		assertThatExceptionOfType(SdkClientException.class)
			.isThrownBy(() -> client.getSecretValue((r) -> r.secretId("http/db")));
	}

	@Test
	void faultsHitTheNamedOperationsUntilCleared() throws Exception {
		ok("POST", "faults", "{\"kind\":\"internal_service_error\",\"rate\":1,\"operations\":[\"GetSecretValue\"]}");
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> client.getSecretValue((r) -> r.secretId("http/db")))
			.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(500));
		assertThatNoException().isThrownBy(() -> client.listSecrets((r) -> {
		}));
		ok("DELETE", "faults", null);
		assertThatNoException().isThrownBy(() -> client.getSecretValue((r) -> r.secretId("http/db")));
	}

	@Test
	void countedFaultsHitOnlyTheNextRequests() throws Exception {
		assertThat(body(ok("POST", "faults", "{\"kind\":\"throttling\",\"count\":1}")).get("count").asInt())
			.isEqualTo(1);
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> client.getSecretValue((r) -> r.secretId("http/db")))
			.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException"));
		assertThatNoException().isThrownBy(() -> client.getSecretValue((r) -> r.secretId("http/db")));
	}

	@Test
	void accessIsDeniedAndAllowedAgain() throws Exception {
		ok("POST", "access-denied", "{\"secret\":\"http/db\"}");
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> client.getSecretValue((r) -> r.secretId("http/db")))
			.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
		ok("DELETE", "access-denied", "{\"secret\":\"http/db\"}");
		assertThatNoException().isThrownBy(() -> client.getSecretValue((r) -> r.secretId("http/db")));
	}

	@Test
	void decryptionFailsAndRecovers() throws Exception {
		ok("POST", "decryption-failure", "{\"secret\":\"http/db\"}");
		assertThatExceptionOfType(DecryptionFailureException.class)
			.isThrownBy(() -> client.getSecretValue((r) -> r.secretId("http/db")));
		ok("DELETE", "decryption-failure", "{\"secret\":\"http/db\"}");
		assertThatNoException().isThrownBy(() -> client.getSecretValue((r) -> r.secretId("http/db")));
	}

	@Test
	void clockMovesForward() throws Exception {
		assertThat(body(ok("POST", "clock", "{\"advanceSeconds\":259200}")).get("advancedSeconds").asLong())
			.isEqualTo(259200);
		client.getSecretValue((r) -> r.secretId("http/db"));
		SecretListEntry entry = client.listSecrets((r) -> r.filters((f) -> f.key("name").values("http/db")))
			.secretList()
			.get(0);
		assertThat(entry.lastAccessedDate()).isAfter(entry.createdDate().plus(Duration.ofDays(2)));
	}

	@Test
	void requestCountsAreReadAndReset() throws Exception {
		ok("DELETE", "requests", null);
		client.getSecretValue((r) -> r.secretId("http/db"));
		client.getSecretValue((r) -> r.secretId("http/db"));
		client.listSecrets((r) -> {
		});
		JsonNode counts = body(ok("GET", "requests", null));
		assertThat(counts.get("total").asLong()).isEqualTo(3);
		assertThat(counts.get("operations").get("GetSecretValue").asLong()).isEqualTo(2);
		assertThat(counts.get("operations").get("ListSecrets").asLong()).isEqualTo(1);
		assertThat(body(ok("DELETE", "requests", null)).get("total").asLong()).isZero();
		assertThat(emulator.control().totalRequests()).isZero();
	}

	@Test
	void resetRestoresAHealthyEmulator() throws Exception {
		ok("POST", "latency", "{\"millis\":100}");
		ok("POST", "access-denied", "{\"secret\":\"http/db\"}");
		ok("POST", "reset", null);
		assertThat(emulator.control().latency()).isZero();
		assertThat(client.getSecretValue((r) -> r.secretId("http/db")).secretString()).isEqualTo("db-value");
	}

	@Test
	void secretsAreSeededAndCleared() throws Exception {
		JsonNode seeded = body(ok("POST", "seed", "{\"secrets\":[{\"name\":\"http/seeded\",\"secretString\":\"s\"}]}"));
		assertThat(seeded.get("created").get(0).asString()).isEqualTo("http/seeded");
		assertThat(client.getSecretValue((r) -> r.secretId("http/seeded")).secretString()).isEqualTo("s");
		ok("DELETE", "secrets", null);
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client.getSecretValue((r) -> r.secretId("http/seeded")));
		client.createSecret((r) -> r.name("http/db").secretString("db-value"));
	}

	@Test
	void badInputIsA400WithAMessage() throws Exception {
		assertBadRequest("POST", "latency", "{\"millis\":-1}", "\"millis\"");
		assertBadRequest("POST", "latency", "{\"millis\":", "not valid JSON");
		assertBadRequest("POST", "latency", "[1]", "JSON object");
		assertBadRequest("POST", "outage", "{\"kind\":\"METEOR\"}", "THROTTLING");
		assertBadRequest("POST", "faults", "{\"kind\":\"THROTTLING\",\"rate\":1.5}", "\"rate\"");
		assertBadRequest("POST", "faults", "{\"kind\":\"THROTTLING\",\"rate\":1,\"operations\":[\"GetSecret\"]}",
				"GetSecret");
		assertBadRequest("POST", "faults", "{\"rate\":1}", "\"kind\" is required");
		assertBadRequest("POST", "faults", "{\"kind\":\"THROTTLING\",\"count\":-1}", "\"count\"");
		assertBadRequest("POST", "access-denied", "{}", "\"secret\" is required");
		assertBadRequest("POST", "clock", "{\"advanceSeconds\":\"1d\"}", "\"advanceSeconds\"");
		assertBadRequest("POST", "seed", "{\"secrets\":[{\"name\":\"bad name\",\"secretString\":\"x\"}]}", "bad name");
	}

	@Test
	void unknownEndpointIs404AndWrongMethodIs405() throws Exception {
		HttpResponse<String> unknown = call("GET", "nothing-here", null);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(body(unknown).get("message").asString()).contains("/_emulator/nothing-here").contains("latency");
		HttpResponse<String> wrongMethod = call("PUT", "latency", "{\"millis\":1}");
		assertThat(wrongMethod.statusCode()).isEqualTo(405);
		assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, POST, DELETE");
	}

	@Test
	void controlRequestsAreNotCountedOrFaulted() throws Exception {
		ok("DELETE", "requests", null);
		ok("POST", "outage", "{\"kind\":\"CONNECTION_RESET\"}");
		assertThat(call("GET", "health", null).statusCode()).isEqualTo(200);
		assertThat(emulator.control().totalRequests()).isZero();
	}

	private static void assertBadRequest(String method, String path, String body, String messagePart) throws Exception {
		HttpResponse<String> response = call(method, path, body);
		assertThat(response.statusCode()).as(path + " " + body).isEqualTo(400);
		assertThat(body(response).get("message").asString()).as(path + " " + body).contains(messagePart);
	}

	private static HttpResponse<String> ok(String method, String path, String body) throws Exception {
		HttpResponse<String> response = call(method, path, body);
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
		return response;
	}

	static HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
		return call(emulator.endpoint(), method, path, body);
	}

	static HttpResponse<String> call(URI endpoint, String method, String path, String body)
			throws IOException, InterruptedException {
		HttpRequest.BodyPublisher publisher = (body != null) ? HttpRequest.BodyPublishers.ofString(body)
				: HttpRequest.BodyPublishers.noBody();
		HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/_emulator/" + path))
			.method(method, publisher)
			.header("Content-Type", "application/json")
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode body(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

}
