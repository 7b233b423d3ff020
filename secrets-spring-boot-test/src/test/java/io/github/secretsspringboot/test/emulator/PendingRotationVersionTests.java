package io.github.secretsspringboot.test.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.secretsspringboot.test.rotation.JsonKeyRotationFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The version RotateSecret creates without a value, seen through the complete operations:
 * PutSecretValue fills it, and every operation that lists versions lists it.
 */
class PendingRotationVersionTests {

	/** A function that waits before createSecret, so the pending version stays without a value. */
	private static final String WAITING_ROTATION = "arn:aws:lambda:us-east-1:123456789012:function:waiting";

	private static final String API_KEY_ROTATION = "arn:aws:lambda:us-east-1:123456789012:function:rotate-api-key";

	private static SecretsManagerEmulator emulator;

	private static SecretsManagerClient client;

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
		client = emulator.client();
		emulator.registerRotationFunction(WAITING_ROTATION, new RotationFunction() {

			@Override
			public void handle(RotationEvent event, SecretsManagerClient secretsManager) {
			}

			@Override
			public Duration pauseBefore(RotationStep step) {
				return (step == RotationStep.CREATE_SECRET) ? Duration.ofMinutes(5) : Duration.ZERO;
			}

		});
		emulator.registerRotationFunction(API_KEY_ROTATION, new JsonKeyRotationFunction("api_key"));
	}

	@AfterEach
	void stopRotations() {
		emulator.clear();
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@Test
	void putSecretValueWithTheRotationTokenFillsThePendingVersion() {
		String name = createSecret();
		String current = client.getSecretValue((r) -> r.secretId(name)).versionId();
		String token = rotate(name);
		Instant pendingCreated = version(name, token).createdDate();
		PutSecretValueResponse put = client.putSecretValue((r) -> r.secretId(name)
			.clientRequestToken(token)
			.secretString("{\"api_key\":\"new-key\"}")
			.versionStages("AWSPENDING"));
		assertThat(put.versionId()).isEqualTo(token);
		assertThat(put.versionStages()).containsExactly("AWSPENDING");
		assertThat(client.getSecretValue((r) -> r.secretId(name).versionStage("AWSPENDING")).secretString())
			.contains("new-key");
		assertThat(client.getSecretValue((r) -> r.secretId(name)).versionId()).isEqualTo(current);
		assertThat(version(name, token).createdDate()).isEqualTo(pendingCreated);
		// Once filled, the version is immutable again: a retry is idempotent, another value a conflict.
		assertThat(client.putSecretValue((r) -> r.secretId(name)
			.clientRequestToken(token)
			.secretString("{\"api_key\":\"new-key\"}")
			.versionStages("AWSPENDING")).versionId()).isEqualTo(token);
		assertThatExceptionOfType(ResourceExistsException.class).isThrownBy(() -> client
			.putSecretValue((r) -> r.secretId(name).clientRequestToken(token).secretString("{\"api_key\":\"other\"}")));
	}

	@Test
	void fillingThePendingVersionWithoutVersionStagesMakesItCurrent() {
		String name = createSecret();
		String original = client.getSecretValue((r) -> r.secretId(name)).versionId();
		String token = rotate(name);
		PutSecretValueResponse put = client.putSecretValue(
				(r) -> r.secretId(name).clientRequestToken(token).secretString("{\"api_key\":\"new-key\"}"));
		assertThat(put.versionStages()).containsExactlyInAnyOrder("AWSCURRENT", "AWSPENDING");
		Map<String, List<String>> stages = client.describeSecret((r) -> r.secretId(name)).versionIdsToStages();
		assertThat(stages.get(original)).containsExactly("AWSPREVIOUS");
		assertThat(stages.get(token)).containsExactlyInAnyOrder("AWSCURRENT", "AWSPENDING");
	}

	@Test
	void pendingVersionWithoutValueIsListedByEveryOperationThatListsVersions() {
		String name = createSecret();
		String original = client.getSecretValue((r) -> r.secretId(name)).versionId();
		String token = rotate(name);
		assertThat(client.describeSecret((r) -> r.secretId(name)).versionIdsToStages().get(token))
			.containsExactly("AWSPENDING");
		SecretVersionsListEntry pending = version(name, token);
		assertThat(pending.versionStages()).containsExactly("AWSPENDING");
		assertThat(pending.createdDate()).isNotNull();
		SecretListEntry entry = client.listSecrets((r) -> r.filters((f) -> f.key("name").values(name)))
			.secretList()
			.get(0);
		assertThat(entry.secretVersionsToStages().get(token)).containsExactly("AWSPENDING");
		assertThat(entry.secretVersionsToStages().get(original)).containsExactly("AWSCURRENT");
	}

	@Test
	void readsOfASecretWithAPendingVersionWithoutValue() {
		String name = createSecret();
		String original = client.getSecretValue((r) -> r.secretId(name)).versionId();
		String token = rotate(name);
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client.getSecretValue((r) -> r.secretId(name).versionId(token)));
		BatchGetSecretValueResponse batch = client.batchGetSecretValue((r) -> r.secretIdList(name));
		assertThat(batch.errors()).isEmpty();
		assertThat(batch.secretValues()).singleElement()
			.satisfies((value) -> assertThat(value.versionId()).isEqualTo(original));
	}

	@Test
	void describeSecretAndListSecretsReportRotationDatesOnlyWhileRotationIsOnAsTheDescribeSecretReferenceSays() {
		String name = createSecret();
		String token = client.rotateSecret((r) -> r.secretId(name)
			.rotationLambdaARN(API_KEY_ROTATION)
			.rotationRules((rules) -> rules.automaticallyAfterDays(30L))).versionId();
		await().atMost(Duration.ofSeconds(30)).until(() -> emulator.rotation(token).orElseThrow().isDone());
		DescribeSecretResponse rotating = client.describeSecret((r) -> r.secretId(name));
		assertThat(rotating.lastRotatedDate()).isNotNull();
		assertThat(rotating.nextRotationDate()).isNotNull();
		assertThat(listed(name).lastRotatedDate()).isEqualTo(rotating.lastRotatedDate());
		assertThat(listed(name).nextRotationDate()).isEqualTo(rotating.nextRotationDate());
		client.cancelRotateSecret((r) -> r.secretId(name));
		DescribeSecretResponse cancelled = client.describeSecret((r) -> r.secretId(name));
		assertThat(cancelled.rotationEnabled()).isFalse();
		assertThat(cancelled.rotationLambdaARN()).isEqualTo(API_KEY_ROTATION);
		assertThat(cancelled.rotationRules().automaticallyAfterDays()).isEqualTo(30L);
		assertThat(cancelled.lastRotatedDate()).isNull();
		assertThat(cancelled.nextRotationDate()).isNull();
		SecretListEntry entry = listed(name);
		assertThat(entry.rotationEnabled()).isFalse();
		assertThat(entry.rotationLambdaARN()).isEqualTo(API_KEY_ROTATION);
		assertThat(entry.rotationRules().automaticallyAfterDays()).isEqualTo(30L);
		assertThat(entry.lastRotatedDate()).isNull();
		assertThat(entry.nextRotationDate()).isNull();
	}

	private static SecretListEntry listed(String name) {
		return client.listSecrets((r) -> r.filters((f) -> f.key("name").values(name))).secretList().get(0);
	}

	private static SecretVersionsListEntry version(String name, String versionId) {
		return client.listSecretVersionIds((r) -> r.secretId(name))
			.versions()
			.stream()
			.filter((version) -> version.versionId().equals(versionId))
			.findFirst()
			.orElseThrow();
	}

	private static String createSecret() {
		String name = "pending/" + UUID.randomUUID();
		client.createSecret((r) -> r.name(name).secretString("{\"api_key\":\"old-key\"}"));
		return name;
	}

	private static String rotate(String name) {
		return client.rotateSecret((r) -> r.secretId(name).rotationLambdaARN(WAITING_ROTATION)).versionId();
	}

}
