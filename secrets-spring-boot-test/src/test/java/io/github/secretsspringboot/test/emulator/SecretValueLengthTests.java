package io.github.secretsspringboot.test.emulator;

import java.nio.charset.StandardCharsets;

import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The lengths the API reference allows for {@code SecretString} and {@code SecretBinary}:
 * 1 to 65,536 bytes. A refused write leaves the secret as it was.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class SecretValueLengthTests {

	private static SecretsManagerClient client;

	@BeforeAll
	static void useEmulator(SecretsManagerEmulator started) {
		client = started.client();
	}

	@Test
	void emptySecretStringIsAValidationErrorAndCreatesNoVersion() {
		String current = client.createSecret((request) -> request.name("empty/string").secretString("one")).versionId();
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> client.putSecretValue((request) -> request.secretId("empty/string").secretString("")))
			.satisfies((ex) -> {
				assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
				assertThat(ex.awsErrorDetails().errorMessage()).contains("'secretString'",
						"greater than or equal to 1");
			});
		assertThat(client.getSecretValue((request) -> request.secretId("empty/string")).versionId()).isEqualTo(current);
		assertThat(client.listSecretVersionIds((request) -> request.secretId("empty/string")).versions()).hasSize(1);
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> client.createSecret((request) -> request.name("empty/created").secretString("")))
			.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
	}

	@Test
	void emptySecretBinaryIsAValidationError() {
		client.createSecret(
				(request) -> request.name("empty/binary").secretBinary(SdkBytes.fromByteArray(new byte[] { 1 })));
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> client.putSecretValue(
					(request) -> request.secretId("empty/binary").secretBinary(SdkBytes.fromByteArray(new byte[0]))))
			.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorMessage()).contains("'secretBinary'"));
	}

	@Test
	void secretStringOfExactly65536BytesIsStoredAndOneByteMoreIsRefused() {
		client.createSecret((request) -> request.name("large/string").secretString("one"));
		// Two-byte characters: the quota counts UTF-8 bytes, not characters.
		String largest = "é".repeat(32_768);
		assertThat(largest.getBytes(StandardCharsets.UTF_8).length).isEqualTo(65_536);
		client.putSecretValue((request) -> request.secretId("large/string").secretString(largest));
		assertThat(client.getSecretValue((request) -> request.secretId("large/string")).secretString())
			.isEqualTo(largest);
		assertThatExceptionOfType(SecretsManagerException.class).isThrownBy(
				() -> client.putSecretValue((request) -> request.secretId("large/string").secretString(largest + "x")))
			.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
	}

}
