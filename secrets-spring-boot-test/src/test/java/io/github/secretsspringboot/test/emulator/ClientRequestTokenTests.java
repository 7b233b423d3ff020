package io.github.secretsspringboot.test.emulator;

import java.io.IOException;
import java.net.http.HttpResponse;

import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw HTTP requests without a {@code ClientRequestToken}, which the SDKs never send: the
 * reference asks callers of the HTTP API to generate the token themselves when they write
 * a value.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class ClientRequestTokenTests {

	private static SecretsManagerEmulator emulator;

	@BeforeAll
	static void useEmulator(SecretsManagerEmulator started) {
		emulator = started;
		emulator.client().createSecret((r) -> r.name("raw").secretString("one"));
	}

	@Test
	void putSecretValueWithoutTokenIsInvalidRequest() throws Exception {
		HttpResponse<String> response = send("PutSecretValue", "{\"SecretId\":\"raw\",\"SecretString\":\"two\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"__type\":\"InvalidRequestException\"")
			.contains("ClientRequestToken")
			.doesNotContain("two");
	}

	@Test
	void updateSecretWithValueButWithoutTokenIsInvalidRequest() throws Exception {
		HttpResponse<String> response = send("UpdateSecret", "{\"SecretId\":\"raw\",\"SecretString\":\"two\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"__type\":\"InvalidRequestException\"");
		assertThat(emulator.client().getSecretValue((r) -> r.secretId("raw")).secretString()).isEqualTo("one");
	}

	@Test
	void updateSecretWithoutValueNeedsNoToken() throws Exception {
		HttpResponse<String> response = send("UpdateSecret", "{\"SecretId\":\"raw\",\"Description\":\"d\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"Name\":\"raw\"").doesNotContain("VersionId");
	}

	private static HttpResponse<String> send(String operation, String body) throws IOException, InterruptedException {
		return RawRequests.send(RawRequests.request(emulator.endpoint(), operation, RawRequests.SIGNED, body));
	}

}
