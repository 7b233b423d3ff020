package io.github.secretsspringboot.test.emulator;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS JSON 1.1 protocol below the SDK: requests an SDK would never send, written by
 * hand.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class ProtocolTests {

	private static final String SIGNED = RawRequests.SIGNED;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static SecretsManagerEmulator emulator;

	@BeforeAll
	static void useEmulator(SecretsManagerEmulator started) {
		emulator = started;
		emulator.client().createSecret((r) -> r.name("protocol/db").secretString("v"));
	}

	@Test
	void signedRequestIsServed() throws Exception {
		HttpResponse<String> response = send(request("GetSecretValue", SIGNED, "{\"SecretId\":\"protocol/db\"}"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
		assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
		assertThat(json.readTree(response.body()).get("SecretString").asString()).isEqualTo("v");
	}

	@Test
	void unsignedRequestIsMissingAuthenticationToken() throws Exception {
		assertError(send(request("GetSecretValue", null, "{\"SecretId\":\"protocol/db\"}")), 403,
				"MissingAuthenticationTokenException");
	}

	@Test
	void malformedAuthorizationIsIncompleteSignature() throws Exception {
		assertError(send(
				request("GetSecretValue", "AWS4-HMAC-SHA256 Credential=nonsense", "{\"SecretId\":\"protocol/db\"}")),
				400, "IncompleteSignatureException");
	}

	@Test
	void signatureScopedToAnotherServiceIsIncompleteSignature() throws Exception {
		assertError(send(request("GetSecretValue", SIGNED.replace("/secretsmanager/", "/ssm/"),
				"{\"SecretId\":\"protocol/db\"}")), 400, "IncompleteSignatureException");
	}

	@Test
	void unknownTargetIsUnknownOperation() throws Exception {
		assertError(send(request("GetSecretValues", SIGNED, "{}")), 400, "UnknownOperationException");
	}

	@Test
	void malformedJsonIsSerializationException() throws Exception {
		assertError(send(request("GetSecretValue", SIGNED, "{\"SecretId\":")), 400, "SerializationException");
	}

	@Test
	void wrongMemberTypeIsSerializationException() throws Exception {
		assertError(send(request("ListSecrets", SIGNED, "{\"MaxResults\":\"ten\"}")), 400, "SerializationException");
	}

	private static void assertError(HttpResponse<String> response, int status, String errorCode) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(errorCode);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("__type").asString()).isEqualTo(errorCode);
		assertThat(body.get("Message").asString()).isNotBlank();
	}

	private static HttpRequest request(String operation, String authorization, String body) {
		return RawRequests.request(emulator.endpoint(), operation, authorization, body);
	}

	private static HttpResponse<String> send(HttpRequest request) throws Exception {
		return RawRequests.send(request);
	}

}
