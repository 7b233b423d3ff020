package io.github.secretsspringboot.refresh;

import java.util.List;

import io.github.secretsspringboot.config.SecretPropertySources;
import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TrackedImport}: the import's stage, its property source as the
 * environment holds it now, and the record of its checks.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class TrackedImportTests {

	private SecretsManagerEmulator emulator;

	private RefreshFixtures fixtures;

	@BeforeEach
	void create(SecretsManagerEmulator emulator) {
		this.emulator = emulator;
		emulator.clear();
		emulator.client().createSecret((secret) -> secret.name("app").secretString("{\"user\": \"u\"}"));
		this.fixtures = new RefreshFixtures(emulator.client());
	}

	@Test
	void anImportFollowsItsStageOrAwsCurrent() {
		this.emulator.client().putSecretValue((request) -> request.secretId("app").secretString("{\"user\": \"v\"}"));
		assertThat(this.fixtures.track("aws-secret:app").imports().get(0).stage()).isEqualTo("AWSCURRENT");
		assertThat(this.fixtures.track("aws-secret:app?version-stage=AWSPREVIOUS&prefix=p").imports().get(0).stage())
			.isEqualTo("AWSPREVIOUS");
	}

	@Test
	void theSourceIsTheOneTheEnvironmentHoldsNowUnderTheSameName() {
		TrackedImport tracked = this.fixtures.track("aws-secret:app").imports().get(0);
		String loaded = tracked.versionIdInUse();
		this.emulator.client().putSecretValue((request) -> request.secretId("app").secretString("{\"user\": \"v\"}"));
		SecretPropertySource reloaded = SecretPropertySources.load(this.emulator.client(), "aws-secret:app");
		this.fixtures.propertySources().replace(tracked.name(), reloaded);
		assertThat(tracked.source()).isSameAs(reloaded);
		assertThat(tracked.versionIdInUse()).isNotEqualTo(loaded).isEqualTo(reloaded.getVersion().versionId());
		this.fixtures.propertySources().remove(tracked.name());
		assertThat(tracked.versionIdInUse()).isEqualTo(loaded);
	}

	@Test
	void checksFailuresAndChangesAreCounted() {
		TrackedImport tracked = this.fixtures.track("aws-secret:app").imports().get(0);
		var error = VersionApplier.rejectedAgain(tracked, "v9").error();
		tracked.failed(RefreshFixtures.NOW, error);
		tracked.failed(RefreshFixtures.NOW.plusSeconds(1), error);
		assertThat(tracked.consecutiveFailures()).isEqualTo(2);
		assertThat(tracked.previousFailures()).isOne();
		SecretRefreshState failing = tracked.snapshot(null, null);
		assertThat(failing.isFailing()).isTrue();
		assertThat(failing.lastError()).isEqualTo(error);
		assertThat(failing.lastFailure()).isEqualTo(RefreshFixtures.NOW.plusSeconds(1));
		tracked.succeeded(RefreshFixtures.NOW.plusSeconds(2), List.of("AWSCURRENT", "AWSPREVIOUS"), true);
		assertThat(tracked.consecutiveFailures()).isZero();
		assertThat(tracked.previousFailures()).isEqualTo(2);
		SecretRefreshState state = tracked.snapshot(RefreshFixtures.NOW.plusSeconds(60), null);
		assertThat(state.checks()).isEqualTo(3);
		assertThat(state.failures()).isEqualTo(2);
		assertThat(state.changes()).isOne();
		assertThat(state.lastChange()).isEqualTo(RefreshFixtures.NOW.plusSeconds(2));
		assertThat(state.lastSuccessfulCheck()).isEqualTo(RefreshFixtures.NOW.plusSeconds(2));
		assertThat(state.versionStages()).containsExactly("AWSCURRENT", "AWSPREVIOUS");
		assertThat(state.nextCheck()).isEqualTo(RefreshFixtures.NOW.plusSeconds(60));
		assertThat(state.isFailing()).isFalse();
	}

	@Test
	void aRejectedVersionIsRemembered() {
		TrackedImport tracked = this.fixtures.track("aws-secret:app").imports().get(0);
		assertThat(tracked.rejectedVersionId()).isNull();
		tracked.rejected("v9");
		assertThat(tracked.rejectedVersionId()).isEqualTo("v9");
	}

}
