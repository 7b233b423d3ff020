package io.github.secretsspringboot.test.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.secretsspringboot.test.rotation.JsonKeyRotationFunction;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/** The rotations an emulator keeps for tests to observe: a bounded history. */
class AwsRotationHistoryTests {

	private static final String QUICK = "arn:aws:lambda:us-east-1:123456789012:function:quick";

	private static final String STALLED = "arn:aws:lambda:us-east-1:123456789012:function:stalled";

	@Test
	void keepsTheLatestEndedRotationsAndEveryRunningOne() {
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.builder().rotationHistoryLimit(3).start()) {
			emulator.registerRotationFunction(QUICK, new JsonKeyRotationFunction("api_key"))
				.registerRotationFunction(STALLED,
						new PausingRotationFunction(RotationStep.CREATE_SECRET, Duration.ofMinutes(5)));
			SecretsManagerClient client = emulator.client();
			client.createSecret((r) -> r.name("quick").secretString("{\"api_key\":\"k\"}"));
			client.createSecret((r) -> r.name("stalled").secretString("{\"api_key\":\"k\"}"));
			String running = client.rotateSecret((r) -> r.secretId("stalled").rotationLambdaARN(STALLED)).versionId();
			List<String> ended = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				String token = client.rotateSecret((r) -> r.secretId("quick").rotationLambdaARN(QUICK)).versionId();
				await().atMost(Duration.ofSeconds(30))
					.until(() -> emulator.rotation(token).orElseThrow(), RotationOutcome::isSucceeded);
				ended.add(token);
			}
			assertThat(emulator.rotations()).extracting(RotationOutcome::clientRequestToken)
				.containsExactly(running, ended.get(3), ended.get(4));
			assertThat(emulator.rotation(ended.get(0))).isEmpty();
			assertThat(emulator.rotation(running).orElseThrow().isRunning()).isTrue();
		}
	}

	@Test
	void historyLimitIsAtLeastOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> SecretsManagerEmulator.builder().rotationHistoryLimit(0))
			.withMessage("rotationHistoryLimit must be at least 1, was 0");
	}

}
