package io.github.secretsspringboot.test.rotation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.secretsspringboot.test.apikey.ApiKeyService;
import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.emulator.RotationStep;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertDifferentSecret;
import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * API-key rotation through the emulator's RotationService against a real HTTP service
 * that revokes the old key at finishSecret.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyRotationFunctionTests {

	private static final String ROTATION = "arn:aws:lambda:us-east-1:123456789012:function:api-key";

	private static final String PAUSED_ROTATION = ROTATION + "-paused";

	private static final String FAILING_ROTATION = ROTATION + "-failing";

	private static final AtomicInteger secrets = new AtomicInteger();

	private static ApiKeyService service;

	private static SecretsManagerEmulator emulator;

	private static SecretsManagerClient client;

	@BeforeAll
	static void start(SecretsManagerEmulator started) {
		service = ApiKeyService.start();
		emulator = started;
		client = emulator.client();
		ApiKeyRotationFunction rotation = new ApiKeyRotationFunction(service);
		emulator.registerRotationFunction(ROTATION, rotation)
			.registerRotationFunction(PAUSED_ROTATION, rotation.withPauseBeforeFinish(Duration.ofSeconds(3)))
			.registerRotationFunction(FAILING_ROTATION, FailingRotationFunction.atTestSecret(rotation));
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	@Test
	void rotationRevokesTheOldKeyAndTheNewOneIsAccepted(CapturedOutput output) {
		String secret = newSecret();
		String oldKey = currentKey(secret);
		String original = client.getSecretValue((r) -> r.secretId(secret)).versionId();
		assertThat(service.ping(oldKey)).isEqualTo(200);
		String token = rotate(secret, ROTATION);
		assertThat(awaitDone(token).status()).isEqualTo(RotationOutcome.Status.SUCCEEDED);
		String newKey = currentKey(secret);
		assertDifferentSecret(newKey, oldKey, "currentKey(secret)");
		assertThat(client.getSecretValue((r) -> r.secretId(secret)).versionId()).isEqualTo(token);
		assertSameSecret(
				ApiKeyRotationFunction.apiKey(
						client.getSecretValue((r) -> r.secretId(secret).versionStage("AWSPREVIOUS")).secretString()),
				oldKey, "the AWSPREVIOUS key");
		long rejectedBefore = service.rejectedRequests();
		assertThat(service.ping(oldKey)).isEqualTo(401);
		assertThat(service.rejectedRequests()).isEqualTo(rejectedBefore + 1);
		assertThat(service.ping(newKey)).isEqualTo(200);
		assertThat(service.accepts(oldKey)).isFalse();
		assertThat(output.getAll()).doesNotContain(oldKey).doesNotContain(newKey);
	}

	@Test
	void bothKeysAreAcceptedUntilAwsCurrentMoves() {
		String secret = newSecret();
		String oldKey = currentKey(secret);
		String token = rotate(secret, PAUSED_ROTATION);
		RotationOutcome paused = await().atMost(Duration.ofSeconds(30))
			.until(() -> emulator.rotation(token).orElseThrow(),
					(outcome) -> outcome.currentStep() == RotationStep.FINISH_SECRET || outcome.isDone());
		assertThat(paused.status()).isEqualTo(RotationOutcome.Status.RUNNING);
		String pendingKey = ApiKeyRotationFunction
			.apiKey(client.getSecretValue((r) -> r.secretId(secret).versionStage("AWSPENDING")).secretString());
		assertSameSecret(currentKey(secret), oldKey, "currentKey(secret)");
		assertThat(service.ping(oldKey)).isEqualTo(200);
		assertThat(service.ping(pendingKey)).isEqualTo(200);
		assertThat(awaitDone(token).isSucceeded()).isTrue();
		assertThat(service.ping(oldKey)).isEqualTo(401);
		assertThat(service.ping(pendingKey)).isEqualTo(200);
	}

	@Test
	void secondRotationRevokesTheFirstRotationsKey() {
		String secret = newSecret();
		assertThat(awaitDone(rotate(secret, ROTATION)).isSucceeded()).isTrue();
		String first = currentKey(secret);
		String token = client.rotateSecret((r) -> r.secretId(secret)).versionId();
		assertThat(awaitDone(token).isSucceeded()).isTrue();
		String second = currentKey(secret);
		assertDifferentSecret(second, first, "currentKey(secret)");
		assertThat(service.ping(first)).isEqualTo(401);
		assertThat(service.ping(second)).isEqualTo(200);
	}

	@Test
	void failedRotationKeepsTheOldKeyAccepted(CapturedOutput output) {
		String secret = newSecret();
		String oldKey = currentKey(secret);
		String token = rotate(secret, FAILING_ROTATION);
		RotationOutcome failed = awaitDone(token);
		assertThat(failed.status()).isEqualTo(RotationOutcome.Status.FAILED);
		assertThat(failed.failedStep()).isEqualTo(RotationStep.TEST_SECRET);
		Map<String, List<String>> stages = client.describeSecret((r) -> r.secretId(secret)).versionIdsToStages();
		assertThat(stages.get(token)).containsExactly("AWSPENDING");
		String pendingKey = ApiKeyRotationFunction
			.apiKey(client.getSecretValue((r) -> r.secretId(secret).versionStage("AWSPENDING")).secretString());
		assertSameSecret(currentKey(secret), oldKey, "currentKey(secret)");
		assertThat(service.ping(oldKey)).isEqualTo(200);
		// setSecret ran before the failure: the service already knows the pending key.
		assertThat(service.ping(pendingKey)).isEqualTo(200);
		assertThat(output.getAll()).doesNotContain(oldKey).doesNotContain(pendingKey);
		assertThat(String.valueOf(failed)).doesNotContain(oldKey).doesNotContain(pendingKey);
	}

	@Test
	void rotationKeepsOtherMembersOfTheSecret() {
		String secret = "api/partner" + secrets.incrementAndGet();
		String key = service.issueKey();
		client.createSecret((r) -> r.name(secret).secretString("{\"apiKey\":\"" + key + "\",\"endpoint\":\"x\"}"));
		assertThat(awaitDone(rotate(secret, ROTATION)).isSucceeded()).isTrue();
		String value = client.getSecretValue((r) -> r.secretId(secret)).secretString();
		assertThat(value).contains("\"endpoint\":\"x\"");
		assertThat(service.ping(ApiKeyRotationFunction.apiKey(value))).isEqualTo(200);
	}

	@Test
	void valuesNeverAppearInToStringOrErrors() {
		String key = service.issueKey();
		assertThat(new ApiKeyRotationFunction(service).toString()).doesNotContain(key);
		assertThat(service.toString()).doesNotContain(key);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ApiKeyRotationFunction.apiKey("{\"other\":\"" + key + "\"}"))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(key));
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKeyRotationFunction.apiKey("not json " + key))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(key));
	}

	private static String newSecret() {
		String secret = "api/partner" + secrets.incrementAndGet();
		client.createSecret((r) -> r.name(secret).secretString(ApiKeyRotationFunction.initialSecretString(service)));
		return secret;
	}

	private static String currentKey(String secret) {
		return ApiKeyRotationFunction.apiKey(client.getSecretValue((r) -> r.secretId(secret)).secretString());
	}

	private static String rotate(String secret, String lambdaArn) {
		return client
			.rotateSecret((r) -> r.secretId(secret)
				.rotationLambdaARN(lambdaArn)
				.rotationRules((rules) -> rules.automaticallyAfterDays(30L)))
			.versionId();
	}

	private static RotationOutcome awaitDone(String token) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> emulator.rotation(token).orElseThrow(), RotationOutcome::isDone);
	}

}
