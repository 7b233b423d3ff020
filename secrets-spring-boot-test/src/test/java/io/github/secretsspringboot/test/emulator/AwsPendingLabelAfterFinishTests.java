package io.github.secretsspringboot.test.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import io.github.secretsspringboot.test.rotation.BuiltInRotationFunctions;
import io.github.secretsspringboot.test.rotation.FailingRotationFunction;
import io.github.secretsspringboot.test.rotation.JsonKeyRotationFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two end states of a successful rotation the RotateSecret reference allows, through
 * the real SDK: AWSPENDING on no version (the default) or on the new current version.
 * Both let the next rotation start.
 */
@EmbeddedSecretsManager
class AwsPendingLabelAfterFinishTests {

	private static final String REMOVING = "arn:aws:lambda:us-east-1:123456789012:function:removing";

	private static final String KEEPING = "arn:aws:lambda:us-east-1:123456789012:function:keeping";

	private static final String KEEPING_THEN_FAILING = "arn:aws:lambda:us-east-1:123456789012:function:keep-fail";

	private static SecretsManagerEmulator emulator;

	private static SecretsManagerClient client;

	@BeforeAll
	static void useEmulator(SecretsManagerEmulator started) {
		emulator = started;
		client = emulator.client();
		RotationFunction rotation = new JsonKeyRotationFunction("api_key");
		RotationFunction keeping = rotation.withPendingLabelAfterFinish(PendingLabelAfterFinish.KEPT);
		emulator.registerRotationFunction(REMOVING, rotation)
			.registerRotationFunction(KEEPING, keeping)
			.registerRotationFunction(KEEPING_THEN_FAILING, FailingRotationFunction.atTestSecret(keeping));
	}

	@Test
	void byDefaultNoVersionCarriesAwsPendingAfterARotation() {
		String name = createSecret();
		String first = rotate(name, REMOVING);
		Map<String, List<String>> stages = client.describeSecret((r) -> r.secretId(name)).versionIdsToStages();
		assertThat(stages.get(first)).containsExactly("AWSCURRENT");
		assertThat(stages.values()).noneMatch((labels) -> labels.contains("AWSPENDING"));
		String second = rotate(name, REMOVING);
		stages = client.describeSecret((r) -> r.secretId(name)).versionIdsToStages();
		assertThat(stages.get(second)).containsExactly("AWSCURRENT");
		assertThat(stages.get(first)).containsExactly("AWSPREVIOUS");
	}

	@Test
	void keptAwsPendingStaysOnTheNewCurrentVersion() {
		String name = createSecret();
		String first = rotate(name, KEEPING);
		assertThat(client.describeSecret((r) -> r.secretId(name)).versionIdsToStages().get(first))
			.containsExactlyInAnyOrder("AWSCURRENT", "AWSPENDING");
		String second = rotate(name, KEEPING);
		Map<String, List<String>> stages = client.describeSecret((r) -> r.secretId(name)).versionIdsToStages();
		assertThat(stages.get(second)).containsExactlyInAnyOrder("AWSCURRENT", "AWSPENDING");
		assertThat(stages.get(first)).containsExactly("AWSPREVIOUS");
	}

	@Test
	void aFailedRotationLeavesAwsPendingOnItsVersionWhateverTheSetting() {
		String name = createSecret();
		String token = client.rotateSecret((r) -> r.secretId(name).rotationLambdaARN(KEEPING_THEN_FAILING)).versionId();
		assertThat(awaitDone(token).status()).isEqualTo(RotationOutcome.Status.FAILED);
		assertThat(client.describeSecret((r) -> r.secretId(name)).versionIdsToStages().get(token))
			.containsExactly("AWSPENDING");
	}

	@Test
	void builtInFunctionsRemoveAwsPendingUnlessNamedToKeepIt() {
		String removed = createSecret("{\"password\":\"old\"}");
		String kept = createSecret("{\"password\":\"old\"}");
		String removedToken = rotate(removed,
				BuiltInRotationFunctions.arn(emulator, BuiltInRotationFunctions.ROTATE_PASSWORD));
		String keptToken = rotate(kept,
				BuiltInRotationFunctions.arn(emulator, BuiltInRotationFunctions.ROTATE_PASSWORD_KEEPING_PENDING));
		assertThat(client.describeSecret((r) -> r.secretId(removed)).versionIdsToStages().get(removedToken))
			.containsExactly("AWSCURRENT");
		assertThat(client.describeSecret((r) -> r.secretId(kept)).versionIdsToStages().get(keptToken))
			.containsExactlyInAnyOrder("AWSCURRENT", "AWSPENDING");
	}

	private static String createSecret() {
		return createSecret("{\"api_key\":\"old-key\"}");
	}

	private static String createSecret(String value) {
		String name = "pending-label/" + UUID.randomUUID();
		client.createSecret((r) -> r.name(name).secretString(value));
		return name;
	}

	/** Rotates with {@code lambdaArn} and waits until the rotation succeeded. */
	private static String rotate(String name, String lambdaArn) {
		String token = client.rotateSecret((r) -> r.secretId(name).rotationLambdaARN(lambdaArn)).versionId();
		assertThat(awaitDone(token).status()).isEqualTo(RotationOutcome.Status.SUCCEEDED);
		return token;
	}

	private static RotationOutcome awaitDone(String token) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> emulator.rotation(token).orElseThrow(), RotationOutcome::isDone);
	}

}
