package io.github.secretsspringboot.refresh;

import java.util.ArrayList;
import java.util.List;

import io.github.secretsspringboot.config.SecretPropertySources;
import io.github.secretsspringboot.core.SecretValue;
import io.github.secretsspringboot.refresh.RefreshFixtures.RecordingReaction;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.secretsspringboot.Withheld.assertWithheld;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link VersionApplier}: a new version is put in force as one step, or not at
 * all when it cannot be mapped, changes the kind of value, or a reaction refuses it.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class VersionApplierTests {

	private static final String CANARY = "canary-2c4e6a-applier";

	private SecretsManagerEmulator emulator;

	private RefreshFixtures fixtures;

	@BeforeEach
	void reset(SecretsManagerEmulator emulator) {
		this.emulator = emulator;
		emulator.clear();
		emulator.control().reset();
		this.fixtures = new RefreshFixtures(emulator.client());
		emulator.client()
			.createSecret((secret) -> secret.name("app").secretString("{\"user\": \"u\", \"password\": \"p1\"}"));
	}

	@Test
	void aNewVersionReplacesThePropertiesAndNamesWhatChanged() {
		TrackedImport tracked = this.fixtures.track("aws-secret:app?prefix=db").imports().get(0);
		String before = tracked.versionIdInUse();
		SecretValue next = put("{\"user\": \"u\", \"password\": \"" + CANARY + "\", \"pool\": \"5\"}");
		ImportOutcome outcome = VersionApplier.apply(tracked, next, List.of("AWSCURRENT"), ChangePipeline.none());
		assertThat(outcome.failed()).isFalse();
		assertThat(outcome.stages()).containsExactly("AWSCURRENT");
		SecretChange change = outcome.change();
		assertThat(change.secretId()).isEqualTo("app");
		assertThat(change.source()).isEqualTo("aws-secret:app?prefix=db");
		assertThat(change.previousVersionId()).isEqualTo(before);
		assertThat(change.versionId()).isEqualTo(next.versionId());
		assertThat(change.propertyNames()).containsExactly("db.password", "db.pool");
		assertThat(tracked.source().getProperty("db.password")).isEqualTo(CANARY);
		assertThat(tracked.versionIdInUse()).isEqualTo(next.versionId());
		assertWithheld(CANARY, "The change", change);
	}

	@Test
	void theVersionInForceIsUnchanged() {
		TrackedImport tracked = this.fixtures.track("aws-secret:app").imports().get(0);
		SecretValue current = tracked.source().getVersion();
		ImportOutcome outcome = VersionApplier.apply(tracked, current, List.of("AWSCURRENT"), ChangePipeline.none());
		assertThat(outcome.change()).isNull();
		assertThat(outcome.failed()).isFalse();
	}

	@Test
	void aVersionTheImportCannotMapIsRejectedOnceAndKeptOut() {
		TrackedImport tracked = this.fixtures.track("aws-secret:app?key=password").imports().get(0);
		String before = tracked.versionIdInUse();
		SecretValue next = put("{\"user\": \"" + CANARY + "\"}");
		ImportOutcome outcome = VersionApplier.apply(tracked, next, List.of("AWSCURRENT"), ChangePipeline.none());
		assertThat(outcome.failed()).isTrue();
		assertThat(outcome.detail()).startsWith("version " + next.versionId() + " cannot be used: ")
			.contains("it has no key 'password' (its keys are user)");
		assertWithheld(CANARY, "The detail", outcome.detail());
		assertThat(tracked.rejectedVersionId()).isEqualTo(next.versionId());
		assertThat(tracked.versionIdInUse()).isEqualTo(before);
		assertThat(tracked.source().getProperty("password")).isEqualTo("p1");
		ImportOutcome again = VersionApplier.apply(tracked, next, List.of("AWSCURRENT"), ChangePipeline.none());
		assertThat(again.detail())
			.isEqualTo("version " + next.versionId() + " cannot be used (see the earlier warning)");
		assertThat(again.error()).isEqualTo(outcome.error());
	}

	@Test
	void aVersionOfAnotherKindOfValueIsRejected() {
		TrackedImport tracked = this.fixtures.track("aws-secret:app").imports().get(0);
		SecretValue next = put("{\"user\": \"u\", \"password\": " + CANARY);
		ImportOutcome outcome = VersionApplier.apply(tracked, next, List.of("AWSCURRENT"), ChangePipeline.none());
		assertThat(outcome.detail()).isEqualTo("version " + next.versionId()
				+ " holds text that is not a JSON object where the version in force holds a JSON object; the import "
				+ "keeps its properties until a version of the same kind is stored or the application restarts");
		assertThat(tracked.source().getPropertyNames()).containsExactly("user", "password");
		assertThat(tracked.rejectedVersionId()).isEqualTo(next.versionId());
	}

	@Test
	void aVersionAReactionRefusesIsNotApplied() {
		TrackedImport tracked = this.fixtures.track("aws-secret:app").imports().get(0);
		SecretValue inForce = tracked.source().getVersion();
		List<String> calls = new ArrayList<>();
		RecordingReaction pool = new RecordingReaction("pool", calls, "its password is empty");
		SecretValue next = put("{\"user\": \"u\", \"password\": \"\"}");
		ImportOutcome outcome = VersionApplier.apply(tracked, next, List.of("AWSCURRENT"),
				new ChangePipeline(() -> List.of(pool), (event) -> calls.add("event")));
		assertThat(outcome.detail()).isEqualTo("version " + next.versionId()
				+ " cannot be used: its password is empty; the import keeps its properties");
		assertThat(pool.inForceWhenChecked).containsExactly(inForce);
		assertThat(pool.checkedProperties).singleElement()
			.satisfies((properties) -> assertThat(properties).containsEntry("password", ""));
		assertThat(calls).containsExactly("pool checks " + next.versionId());
		assertThat(tracked.versionIdInUse()).isEqualTo(inForce.versionId());
		assertThat(tracked.rejectedVersionId()).isEqualTo(next.versionId());
	}

	@Test
	void theFirstVersionOfAnOptionalImportIsAChangeFromNone() {
		TrackedImport tracked = this.fixtures.track(SecretPropertySources.notLoaded("aws-secret:app")).imports().get(0);
		assertThat(tracked.versionIdInUse()).isNull();
		SecretValue current = SecretValue
			.of(this.emulator.client().getSecretValue((request) -> request.secretId("app")));
		ImportOutcome outcome = VersionApplier.apply(tracked, current, current.versionStages(), ChangePipeline.none());
		assertThat(outcome.change().previousVersionId()).isNull();
		assertThat(outcome.change().propertyNames()).containsExactly("password", "user");
		assertThat(tracked.source().isLoaded()).isTrue();
	}

	private SecretValue put(String secretString) {
		this.emulator.client().putSecretValue((request) -> request.secretId("app").secretString(secretString));
		return SecretValue.of(this.emulator.client().getSecretValue((request) -> request.secretId("app")));
	}

}
