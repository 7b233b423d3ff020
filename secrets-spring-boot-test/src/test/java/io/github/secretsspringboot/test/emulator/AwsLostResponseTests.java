package io.github.secretsspringboot.test.emulator;

import java.util.UUID;

import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Writes whose response is lost after Secrets Manager carried them out: the SDK's retry
 * sends the same {@code ClientRequestToken}, which the service takes as the same request
 * when the content is the same (no second version, the same VersionId), and rejects with
 * {@code ResourceExistsException} when the content differs.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class AwsLostResponseTests {

	private static SecretsManagerEmulator emulator;

	private static SecretsManagerClient client;

	@BeforeAll
	static void useEmulator(SecretsManagerEmulator started) {
		emulator = started;
		client = emulator.client();
	}

	@BeforeEach
	void reset() {
		emulator.control().reset();
	}

	@Test
	void putSecretValueRetriedAfterALostResponseStoresOneVersion() {
		String name = "lost/" + UUID.randomUUID();
		client.createSecret((r) -> r.name(name).secretString("one"));
		String token = UUID.randomUUID().toString();
		emulator.control().failNextRequests(FaultKind.LOST_RESPONSE, 1, "PutSecretValue");
		PutSecretValueResponse put = client
			.putSecretValue((r) -> r.secretId(name).clientRequestToken(token).secretString("two"));
		assertThat(emulator.control().requestCount("PutSecretValue")).isEqualTo(2);
		assertThat(put.versionId()).isEqualTo(token);
		assertThat(put.versionStages()).containsExactly("AWSCURRENT");
		assertThat(client.listSecretVersionIds((r) -> r.secretId(name)).versions()).hasSize(2);
		assertThat(client.getSecretValue((r) -> r.secretId(name)).versionId()).isEqualTo(token);
		assertThat(client.describeSecret((r) -> r.secretId(name)).versionIdsToStages()).containsOnlyKeys(token,
				client.getSecretValue((r) -> r.secretId(name).versionStage("AWSPREVIOUS")).versionId());
	}

	@Test
	void sameTokenWithOtherContentAfterALostResponseIsResourceExists() {
		String name = "lost/" + UUID.randomUUID();
		client.createSecret((r) -> r.name(name).secretString("one"));
		String token = UUID.randomUUID().toString();
		emulator.control().failNextRequests(FaultKind.LOST_RESPONSE, 1, "PutSecretValue");
		try (SecretsManagerClient noRetries = EmulatorClients.withoutRetries(emulator)) {
			// The write is carried out, and the client never hears of it.
			assertThatExceptionOfType(SdkClientException.class).isThrownBy(() -> noRetries
				.putSecretValue((r) -> r.secretId(name).clientRequestToken(token).secretString("two")));
			assertThat(client.getSecretValue((r) -> r.secretId(name)).versionId()).isEqualTo(token);
			assertThatExceptionOfType(ResourceExistsException.class)
				.isThrownBy(() -> noRetries
					.putSecretValue((r) -> r.secretId(name).clientRequestToken(token).secretString("three")))
				.withMessageContaining("A version with VersionId " + token + " already exists")
				.withMessageNotContaining("three");
			PutSecretValueResponse retried = noRetries
				.putSecretValue((r) -> r.secretId(name).clientRequestToken(token).secretString("two"));
			assertThat(retried.versionId()).isEqualTo(token);
		}
		assertThat(client.listSecretVersionIds((r) -> r.secretId(name)).versions()).hasSize(2);
	}

	@Test
	void createSecretRetriedAfterALostResponseCreatesOneSecret() {
		String name = "lost/" + UUID.randomUUID();
		String token = UUID.randomUUID().toString();
		emulator.control().failNextRequests(FaultKind.LOST_RESPONSE, 1, "CreateSecret");
		CreateSecretResponse created = client
			.createSecret((r) -> r.name(name).clientRequestToken(token).secretString("one"));
		assertThat(emulator.control().requestCount("CreateSecret")).isEqualTo(2);
		assertThat(created.versionId()).isEqualTo(token);
		assertThat(client.listSecretVersionIds((r) -> r.secretId(name)).versions()).singleElement()
			.satisfies((version) -> assertThat(version.versionId()).isEqualTo(token));
		assertThatExceptionOfType(ResourceExistsException.class)
			.isThrownBy(() -> client.createSecret((r) -> r.name(name).clientRequestToken(token).secretString("other")))
			.withMessageContaining("already exists");
	}

	@Test
	void aLostResponseOfAnSdkGeneratedTokenIsRetriedWithThatToken() {
		String name = "lost/" + UUID.randomUUID();
		client.createSecret((r) -> r.name(name).secretString("one"));
		emulator.control().failNextRequests(FaultKind.LOST_RESPONSE, 1, "PutSecretValue");
		PutSecretValueResponse put = client.putSecretValue((r) -> r.secretId(name).secretString("two"));
		assertThat(emulator.control().requestCount("PutSecretValue")).isEqualTo(2);
		assertThat(client.listSecretVersionIds((r) -> r.secretId(name)).versions()).hasSize(2);
		assertThat(client.getSecretValue((r) -> r.secretId(name)).versionId()).isEqualTo(put.versionId());
	}

}
