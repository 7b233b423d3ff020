package io.github.secretsspringboot.test.conformance;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Which version GetSecretValue reads, and when it refuses to. */
abstract class GetSecretValueConformance extends ConformanceScenarios {

	@Test
	void readsAnOlderVersionById() {
		String name = uniqueName("get");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		client().putSecretValue((r) -> r.secretId(name).secretString("two"));
		GetSecretValueResponse value = client().getSecretValue((r) -> r.secretId(name).versionId(v1));
		assertThat(value.secretString()).isEqualTo("one");
		assertThat(value.versionId()).isEqualTo(v1);
		assertThat(value.versionStages()).containsExactly("AWSPREVIOUS");
	}

	@Test
	void readsTheDeprecatedVersionById() {
		String name = uniqueName("get");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		client().putSecretValue((r) -> r.secretId(name).secretString("two"));
		client().putSecretValue((r) -> r.secretId(name).secretString("three"));
		GetSecretValueResponse value = client().getSecretValue((r) -> r.secretId(name).versionId(v1));
		assertThat(value.secretString()).isEqualTo("one");
		assertThat(value.versionStages()).isEmpty();
	}

	@Test
	void readsThePreviousVersionByStage() {
		String name = uniqueName("get");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		client().putSecretValue((r) -> r.secretId(name).secretString("two"));
		GetSecretValueResponse previous = client().getSecretValue((r) -> r.secretId(name).versionStage("AWSPREVIOUS"));
		assertThat(previous.secretString()).isEqualTo("one");
		assertThat(previous.versionId()).isEqualTo(v1);
	}

	@Test
	void readsAVersionByCustomStage() {
		String name = uniqueName("get");
		client().createSecret((r) -> r.name(name).secretString("one"));
		String blue = client().putSecretValue((r) -> r.secretId(name).secretString("blue").versionStages("BLUE"))
			.versionId();
		GetSecretValueResponse value = client().getSecretValue((r) -> r.secretId(name).versionStage("BLUE"));
		assertThat(value.secretString()).isEqualTo("blue");
		assertThat(value.versionId()).isEqualTo(blue);
		assertThat(value.versionStages()).containsExactly("BLUE");
		assertThat(client().getSecretValue((r) -> r.secretId(name)).secretString()).isEqualTo("one");
	}

	@Test
	void idAndStageNamingTheSameVersionAreAccepted() {
		String name = uniqueName("get");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		client().putSecretValue((r) -> r.secretId(name).secretString("two"));
		GetSecretValueResponse value = client()
			.getSecretValue((r) -> r.secretId(name).versionId(v1).versionStage("AWSPREVIOUS"));
		assertThat(value.secretString()).isEqualTo("one");
	}

	@Test
	void idAndStageNamingDifferentVersionsIsInvalidRequest() {
		String name = uniqueName("get");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		client().putSecretValue((r) -> r.secretId(name).secretString("two"));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client().getSecretValue((r) -> r.secretId(name).versionId(v1).versionStage("AWSCURRENT")))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("one"));
	}

	@Test
	void unknownVersionIdIsResourceNotFound() {
		String name = uniqueName("get");
		client().createSecret((r) -> r.name(name).secretString("one"));
		String unknown = VersionLabels.token();
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client().getSecretValue((r) -> r.secretId(name).versionId(unknown)))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains(unknown));
	}

	@Test
	void stageOnNoVersionIsResourceNotFound() {
		String name = uniqueName("get");
		client().createSecret((r) -> r.name(name).secretString("one"));
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client().getSecretValue((r) -> r.secretId(name).versionStage("AWSPENDING")));
	}

	@Test
	void secretWithoutCurrentVersionIsResourceNotFound() {
		String name = uniqueName("get");
		client().createSecret((r) -> r.name(name));
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client().getSecretValue((r) -> r.secretId(name)))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("AWSCURRENT"));
	}

	@Test
	void secretScheduledForDeletionIsInvalidRequest() {
		String name = uniqueName("get");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		client().deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(7L));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client().getSecretValue((r) -> r.secretId(name)));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client().getSecretValue((r) -> r.secretId(name).versionId(v1)));
	}

	@Test
	void readingRecordsLastAccessedDateButDescribingDoesNot() {
		String name = uniqueName("get");
		client().createSecret((r) -> r.name(name).secretString("one"));
		client().describeSecret((r) -> r.secretId(name));
		client().listSecretVersionIds((r) -> r.secretId(name));
		assertThat(client().describeSecret((r) -> r.secretId(name)).lastAccessedDate()).isNull();
		client().getSecretValue((r) -> r.secretId(name));
		assertThat(client().describeSecret((r) -> r.secretId(name)).lastAccessedDate()).isNotNull();
	}

}
