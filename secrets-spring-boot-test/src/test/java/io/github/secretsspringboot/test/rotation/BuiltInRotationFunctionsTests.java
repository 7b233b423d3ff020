package io.github.secretsspringboot.test.rotation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.emulator.RotationStep;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The rotation functions the standalone emulator offers, registered in-process. */
class BuiltInRotationFunctionsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static SecretsManagerEmulator emulator;

	private static SecretsManagerClient client;

	@BeforeAll
	static void start() {
		emulator = SecretsManagerEmulator.builder().region("eu-west-1").accountId("111122223333").start();
		client = emulator.client();
		BuiltInRotationFunctions.registerWith(emulator);
	}

	@AfterAll
	static void stop() {
		emulator.close();
	}

	@Test
	void functionsAreRegisteredUnderLambdaArnsOfTheEmulatorsRegionAndAccount() {
		try (SecretsManagerEmulator other = SecretsManagerEmulator.builder().region("ap-south-2").start()) {
			assertThat(BuiltInRotationFunctions.registerWith(other)).containsExactly(
					"arn:aws:lambda:ap-south-2:123456789012:function:emulator-rotate-password",
					"arn:aws:lambda:ap-south-2:123456789012:function:emulator-rotate-password-keep-pending",
					"arn:aws:lambda:ap-south-2:123456789012:function:emulator-rotate-api-key",
					"arn:aws:lambda:ap-south-2:123456789012:function:emulator-rotation-fails");
		}
	}

	@Test
	void rotatePasswordReplacesOnlyThePassword() {
		client.createSecret((r) -> r.name("builtin/db").secretString("{\"username\":\"app\",\"password\":\"old\"}"));
		String token = rotate("builtin/db", BuiltInRotationFunctions.ROTATE_PASSWORD);
		assertThat(awaitDone(token).status()).isEqualTo(RotationOutcome.Status.SUCCEEDED);
		JsonNode value = json.readTree(client.getSecretValue((r) -> r.secretId("builtin/db")).secretString());
		assertThat(value.get("username").asString()).isEqualTo("app");
		assertThat(value.get("password").asString()).hasSize(32).isNotEqualTo("old");
	}

	@Test
	void rotateApiKeyReplacesOnlyTheApiKey() {
		client.createSecret((r) -> r.name("builtin/api").secretString("{\"api_key\":\"old\",\"client\":\"billing\"}"));
		String token = rotate("builtin/api", BuiltInRotationFunctions.ROTATE_API_KEY);
		assertThat(awaitDone(token).status()).isEqualTo(RotationOutcome.Status.SUCCEEDED);
		JsonNode value = json.readTree(client.getSecretValue((r) -> r.secretId("builtin/api")).secretString());
		assertThat(value.get("client").asString()).isEqualTo("billing");
		assertThat(value.get("api_key").asString()).isNotEqualTo("old");
	}

	@Test
	void failingFunctionLeavesTheNewPasswordPendingAndTheOldOneCurrent() {
		client.createSecret((r) -> r.name("builtin/failing").secretString("{\"password\":\"old\"}"));
		String token = rotate("builtin/failing", BuiltInRotationFunctions.FAIL_AT_TEST_SECRET);
		RotationOutcome outcome = awaitDone(token);
		assertThat(outcome.status()).isEqualTo(RotationOutcome.Status.FAILED);
		assertThat(outcome.failedStep()).isEqualTo(RotationStep.TEST_SECRET);
		assertThat(client.getSecretValue((r) -> r.secretId("builtin/failing")).secretString())
			.isEqualTo("{\"password\":\"old\"}");
		Map<String, List<String>> stages = client.describeSecret((r) -> r.secretId("builtin/failing"))
			.versionIdsToStages();
		assertThat(stages.get(token)).containsExactly("AWSPENDING");
	}

	private static String rotate(String name, String function) {
		return client
			.rotateSecret((r) -> r.secretId(name).rotationLambdaARN(BuiltInRotationFunctions.arn(emulator, function)))
			.versionId();
	}

	private static RotationOutcome awaitDone(String token) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> emulator.rotation(token).orElseThrow(), RotationOutcome::isDone);
	}

}
