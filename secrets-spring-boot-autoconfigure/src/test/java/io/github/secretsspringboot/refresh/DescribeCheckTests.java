package io.github.secretsspringboot.refresh;

import java.util.ArrayList;
import java.util.List;

import io.github.secretsspringboot.refresh.RefreshFixtures.RecordingReaction;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.secretsspringboot.Withheld.assertWithheld;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DescribeCheck}: a change is found from DescribeSecret's stages, and a
 * value is read only for a version not in use yet (requests counted by the emulator).
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class DescribeCheckTests {

	private static final String CANARY = "canary-0a9b8c-describe";

	private SecretsManagerEmulator emulator;

	private RefreshFixtures fixtures;

	@BeforeEach
	void create(SecretsManagerEmulator emulator) {
		this.emulator = emulator;
		emulator.clear();
		emulator.control().reset();
		emulator.client()
			.createSecret((secret) -> secret.name("app").secretString("{\"user\": \"u\", \"password\": \"p1\"}"));
		this.fixtures = new RefreshFixtures(emulator.client());
	}

	@Test
	void anUnchangedSecretCostsOneDescribeAndNoRead() {
		TrackedSecret secret = this.fixtures.track("aws-secret:app");
		this.emulator.control().resetCounters();
		SecretOutcome outcome = this.fixtures.describeCheck(ChangePipeline.none()).check(secret);
		assertThat(outcome.firstFailure()).isNull();
		assertThat(outcome.changes()).isEmpty();
		assertThat(outcome.imports()).singleElement()
			.satisfies((imported) -> assertThat(imported.stages()).containsExactly("AWSCURRENT"));
		assertThat(outcome.checkedAt()).isEqualTo(RefreshFixtures.NOW);
		assertThat(secret.description().versionWithStage("AWSCURRENT"))
			.isEqualTo(secret.imports().get(0).versionIdInUse());
		assertThat(this.emulator.control().requestCounts()).containsOnlyKeys("DescribeSecret")
			.containsEntry("DescribeSecret", 1L);
	}

	@Test
	void aNewVersionIsReadOnceForEveryImportOfItsStage() {
		TrackedSecret secret = this.fixtures.track("aws-secret:app", "aws-secret:app?prefix=db");
		String next = put("{\"user\": \"u\", \"password\": \"p2\"}");
		List<String> calls = new ArrayList<>();
		RecordingReaction reaction = new RecordingReaction("pool", calls, null);
		this.emulator.control().resetCounters();
		SecretOutcome outcome = this.fixtures.describeCheck(new ChangePipeline(() -> List.of(reaction), (event) -> {
		})).check(secret);
		assertThat(outcome.changes()).extracting(SecretChange::versionId).containsExactly(next, next);
		assertThat(outcome.changes()).extracting(SecretChange::propertyNames)
			.containsExactly(java.util.Set.of("password"), java.util.Set.of("db.password"));
		assertThat(secret.imports().get(1).source().getProperty("db.password")).isEqualTo("p2");
		assertThat(calls).containsExactly("pool checks " + next, "pool checks " + next);
		assertThat(this.emulator.control().requestCount("DescribeSecret")).isOne();
		assertThat(this.emulator.control().requestCount("GetSecretValue")).isOne();
	}

	@Test
	void aStageThatNoVersionCarriesAnyMoreFailsTheImport() {
		String blue = this.emulator.client()
			.putSecretValue((request) -> request.secretId("app").secretString("{\"a\": \"b\"}").versionStages("BLUE"))
			.versionId();
		TrackedSecret secret = this.fixtures.track("aws-secret:app?version-stage=BLUE");
		this.emulator.client()
			.updateSecretVersionStage(
					(request) -> request.secretId("app").versionStage("BLUE").removeFromVersionId(blue));
		SecretOutcome outcome = this.fixtures.describeCheck(ChangePipeline.none()).check(secret);
		assertThat(outcome.firstFailure().detail()).isEqualTo("no version carries the staging label BLUE");
		assertThat(secret.imports().get(0).versionIdInUse()).isEqualTo(blue);
	}

	@Test
	void aSecretScheduledForDeletionFailsEveryImport() {
		TrackedSecret secret = this.fixtures.track("aws-secret:app", "aws-secret:app?prefix=db");
		this.emulator.client().deleteSecret((request) -> request.secretId("app").recoveryWindowInDays(7L));
		SecretOutcome outcome = this.fixtures.describeCheck(ChangePipeline.none()).check(secret);
		assertThat(outcome.imports()).hasSize(2)
			.allSatisfy((imported) -> assertThat(imported.detail()).startsWith("it is scheduled for deletion on "));
	}

	@Test
	void aDescribeThatFailsIsTheOutcomeOfEveryImport() {
		TrackedSecret secret = this.fixtures.track("aws-secret:app");
		this.emulator.control().denyAccess("app");
		SecretOutcome outcome = this.fixtures.describeCheck(ChangePipeline.none()).check(secret);
		assertThat(outcome.firstFailure().detail()).startsWith("DescribeSecret failed: ");
		assertThat(outcome.firstFailure().error()).isNotNull();
	}

	@Test
	void aVersionThatCannotBeUsedIsNotReadAgain() {
		TrackedSecret secret = this.fixtures.track("aws-secret:app?key=password");
		String next = put("{\"user\": \"" + CANARY + "\"}");
		this.emulator.control().resetCounters();
		DescribeCheck check = this.fixtures.describeCheck(ChangePipeline.none());
		SecretOutcome first = check.check(secret);
		assertThat(first.firstFailure().detail()).startsWith("version " + next + " cannot be used: ");
		assertWithheld(CANARY, "The detail", first.firstFailure().detail());
		SecretOutcome second = check.check(secret);
		assertThat(second.firstFailure().detail())
			.isEqualTo("version " + next + " cannot be used (see the earlier warning)");
		assertThat(this.emulator.control().requestCount("GetSecretValue")).isOne();
		assertThat(this.emulator.control().requestCount("DescribeSecret")).isEqualTo(2);
	}

	private String put(String secretString) {
		return this.emulator.client()
			.putSecretValue((request) -> request.secretId("app").secretString(secretString))
			.versionId();
	}

}
