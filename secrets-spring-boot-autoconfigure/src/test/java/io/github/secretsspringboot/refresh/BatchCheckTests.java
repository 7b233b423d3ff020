package io.github.secretsspringboot.refresh;

import java.util.List;
import java.util.Map;

import io.github.secretsspringboot.test.emulator.FaultKind;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BatchCheck}: one BatchGetSecretValue request checks many secrets, and
 * a secret the batch cannot read is that secret's outcome alone.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class BatchCheckTests {

	private SecretsManagerEmulator emulator;

	private RefreshFixtures fixtures;

	private List<TrackedSecret> secrets;

	@BeforeEach
	void create(SecretsManagerEmulator emulator) {
		this.emulator = emulator;
		emulator.clear();
		emulator.control().reset();
		for (String name : List.of("app/a", "app/b", "app/c")) {
			emulator.client().createSecret((secret) -> secret.name(name).secretString("{\"key\": \"1\"}"));
		}
		this.fixtures = new RefreshFixtures(emulator.client());
		this.secrets = List.of(this.fixtures.track("aws-secret:app/a"), this.fixtures.track("aws-secret:app/b"),
				this.fixtures.track("aws-secret:app/c"));
		emulator.control().resetCounters();
	}

	@Test
	void oneRequestChecksEverySecretAndAppliesTheChangedOnes() {
		String next = this.emulator.client()
			.putSecretValue((request) -> request.secretId("app/b").secretString("{\"key\": \"2\"}"))
			.versionId();
		this.emulator.control().resetCounters();
		Map<TrackedSecret, SecretOutcome> outcomes = this.fixtures.batchCheck(ChangePipeline.none())
			.check(this.secrets);
		assertThat(outcomes).hasSize(3);
		assertThat(outcomes.get(this.secrets.get(0)).changes()).isEmpty();
		assertThat(outcomes.get(this.secrets.get(1)).changes()).singleElement()
			.satisfies((change) -> assertThat(change.versionId()).isEqualTo(next));
		assertThat(this.secrets.get(1).imports().get(0).source().getProperty("key")).isEqualTo("2");
		assertThat(outcomes.get(this.secrets.get(2)).firstFailure()).isNull();
		assertThat(this.emulator.control().requestCounts()).containsOnlyKeys("BatchGetSecretValue")
			.containsEntry("BatchGetSecretValue", 1L);
	}

	@Test
	void aSecretTheAnswerNamesAsAnErrorFailsAlone() {
		this.emulator.client().deleteSecret((request) -> request.secretId("app/c").forceDeleteWithoutRecovery(true));
		Map<TrackedSecret, SecretOutcome> outcomes = this.fixtures.batchCheck(ChangePipeline.none())
			.check(this.secrets);
		assertThat(outcomes.get(this.secrets.get(2)).firstFailure().detail())
			.isEqualTo("BatchGetSecretValue answered ResourceNotFoundException");
		assertThat(outcomes.get(this.secrets.get(0)).firstFailure()).isNull();
		assertThat(outcomes.get(this.secrets.get(1)).firstFailure()).isNull();
	}

	@Test
	void aSecretTheBatchMayNotReadIsLeftForTheCallerToCheckAlone() {
		this.emulator.control().denyOperations("app/b", "BatchGetSecretValue");
		Map<TrackedSecret, SecretOutcome> outcomes = this.fixtures.batchCheck(ChangePipeline.none())
			.check(this.secrets);
		assertThat(outcomes).containsKey(this.secrets.get(1));
		assertThat(outcomes.get(this.secrets.get(1))).isNull();
		assertThat(outcomes.get(this.secrets.get(0)).firstFailure()).isNull();
	}

	@Test
	void aRequestThatFailsIsTheOutcomeOfEverySecret() {
		this.emulator.control().outage(FaultKind.INTERNAL_SERVICE_ERROR);
		Map<TrackedSecret, SecretOutcome> outcomes = this.fixtures.batchCheck(ChangePipeline.none())
			.check(this.secrets);
		assertThat(outcomes.values()).hasSize(3)
			.allSatisfy((outcome) -> assertThat(outcome.firstFailure().detail())
				.startsWith("BatchGetSecretValue failed: "));
		assertThat(this.secrets.get(0).imports().get(0).source().getProperty("key")).isEqualTo("1");
	}

}
