package io.github.secretsspringboot.refresh;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SecretDescription}: what a real DescribeSecret answer tells about
 * versions, stages, rotation and deletion.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class SecretDescriptionTests {

	private static final Instant T0 = RefreshFixtures.NOW;

	private SecretsManagerClient client;

	private String current;

	@BeforeEach
	void create(SecretsManagerEmulator emulator) {
		emulator.clear();
		this.client = emulator.client();
		this.current = this.client.createSecret((secret) -> secret.name("app").secretString("v1")).versionId();
	}

	@Test
	void aSecretAtRestHasItsCurrentVersionAndNoRotationUnderWay() {
		SecretDescription description = describe(T0);
		assertThat(description.name()).isEqualTo("app");
		assertThat(description.arn()).contains(":secret:app-");
		assertThat(description.versionWithStage("AWSCURRENT")).isEqualTo(this.current);
		assertThat(description.stagesOf(this.current)).containsExactly("AWSCURRENT");
		assertThat(description.stagesOf("unknown")).isEmpty();
		assertThat(description.versionWithStage("AWSPENDING")).isNull();
		assertThat(description.pendingVersionId()).isNull();
		assertThat(description.pendingSince()).isNull();
		assertThat(description.deletedDate()).isNull();
		assertThat(description.rotationRules()).isNull();
		assertThat(description.describedAt()).isEqualTo(T0);
	}

	@Test
	void aPendingVersionIsSeenSinceTheFirstDescriptionThatShowedIt() {
		String pending = this.client
			.putSecretValue((request) -> request.secretId("app").secretString("v2").versionStages("AWSPENDING"))
			.versionId();
		SecretDescription first = describe(T0);
		assertThat(first.pendingVersionId()).isEqualTo(pending);
		assertThat(first.pendingSince()).isEqualTo(T0);
		SecretDescription later = describe(T0.plusSeconds(60)).following(first);
		assertThat(later.pendingVersionId()).isEqualTo(pending);
		assertThat(later.pendingSince()).isEqualTo(T0);
		assertThat(later.describedAt()).isEqualTo(T0.plusSeconds(60));
	}

	@Test
	void anotherPendingVersionStartsItsOwnWait() {
		this.client.putSecretValue((request) -> request.secretId("app").secretString("v2").versionStages("AWSPENDING"));
		SecretDescription first = describe(T0);
		String next = this.client
			.putSecretValue((request) -> request.secretId("app").secretString("v3").versionStages("AWSPENDING"))
			.versionId();
		SecretDescription later = describe(T0.plusSeconds(60)).following(first);
		assertThat(later.pendingVersionId()).isEqualTo(next);
		assertThat(later.pendingSince()).isEqualTo(T0.plusSeconds(60));
	}

	@Test
	void pendingOnTheCurrentVersionIsNoRotationUnderWay() {
		Map<String, List<String>> stages = new LinkedHashMap<>();
		stages.put("v1", List.of("AWSCURRENT", "AWSPENDING"));
		SecretDescription description = new SecretDescription("arn", "app", null, null, null, null, null, null, stages,
				T0, null);
		assertThat(description.pendingVersionId()).isNull();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> description.versionIdsToStages().put("v2", List.of()));
	}

	@Test
	void aSecretScheduledForDeletionHasItsDate() {
		this.client.deleteSecret((request) -> request.secretId("app").recoveryWindowInDays(7L));
		assertThat(describe(T0).deletedDate()).isNotNull();
	}

	private SecretDescription describe(Instant at) {
		return SecretDescription.of(this.client.describeSecret((request) -> request.secretId("app")), at);
	}

}
