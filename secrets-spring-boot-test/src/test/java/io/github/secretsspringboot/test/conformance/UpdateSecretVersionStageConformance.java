package io.github.secretsspringboot.test.conformance;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

abstract class UpdateSecretVersionStageConformance extends ConformanceScenarios {

	@Test
	void movingCurrentToThePendingVersionMovesPreviousToTheFormerCurrent() {
		String name = uniqueName("stage");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String v2 = client().putSecretValue((r) -> r.secretId(name).secretString("two").versionStages("AWSPENDING"))
			.versionId();
		UpdateSecretVersionStageResponse moved = client().updateSecretVersionStage(
				(r) -> r.secretId(name).versionStage("AWSCURRENT").removeFromVersionId(v1).moveToVersionId(v2));
		assertThat(moved.name()).isEqualTo(name);
		assertThat(moved.arn()).isEqualTo(client().describeSecret((r) -> r.secretId(name)).arn());
		assertThat(VersionLabels.of(client(), name)).containsExactlyInAnyOrderEntriesOf(
				Map.of(v1, Set.of("AWSPREVIOUS"), v2, Set.of("AWSCURRENT", "AWSPENDING")));
		assertThat(client().getSecretValue((r) -> r.secretId(name)).secretString()).isEqualTo("two");
	}

	@Test
	void movingCurrentBackToThePreviousVersionSwapsTheTwoLabels() {
		String name = uniqueName("stage");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String v2 = client().putSecretValue((r) -> r.secretId(name).secretString("two")).versionId();
		client().updateSecretVersionStage(
				(r) -> r.secretId(name).versionStage("AWSCURRENT").removeFromVersionId(v2).moveToVersionId(v1));
		assertThat(VersionLabels.of(client(), name))
			.containsExactlyInAnyOrderEntriesOf(Map.of(v1, Set.of("AWSCURRENT"), v2, Set.of("AWSPREVIOUS")));
		assertThat(client().getSecretValue((r) -> r.secretId(name)).secretString()).isEqualTo("one");
	}

	@Test
	void movingCurrentAwayFromTheVersionBeforeLeavesTheOldPreviousDeprecated() {
		String name = uniqueName("stage");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String v2 = client().putSecretValue((r) -> r.secretId(name).secretString("two")).versionId();
		String v3 = client().putSecretValue((r) -> r.secretId(name).secretString("three").versionStages("AWSPENDING"))
			.versionId();
		client().updateSecretVersionStage(
				(r) -> r.secretId(name).versionStage("AWSCURRENT").removeFromVersionId(v2).moveToVersionId(v3));
		assertThat(VersionLabels.of(client(), name)).containsExactlyInAnyOrderEntriesOf(
				Map.of(v1, Set.of(), v2, Set.of("AWSPREVIOUS"), v3, Set.of("AWSCURRENT", "AWSPENDING")));
	}

	@Test
	void labelOnNoVersionIsAttachedWithoutRemoveFromVersionId() {
		String name = uniqueName("stage");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		client().updateSecretVersionStage((r) -> r.secretId(name).versionStage("BLUE").moveToVersionId(v1));
		assertThat(VersionLabels.of(client(), name))
			.containsExactlyInAnyOrderEntriesOf(Map.of(v1, Set.of("AWSCURRENT", "BLUE")));
		assertThat(client().getSecretValue((r) -> r.secretId(name).versionStage("BLUE")).secretString())
			.isEqualTo("one");
	}

	@Test
	void labelAlreadyOnTheTargetVersionIsLeftAsItIs() {
		String name = uniqueName("stage");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		client().updateSecretVersionStage((r) -> r.secretId(name).versionStage("AWSCURRENT").moveToVersionId(v1));
		assertThat(VersionLabels.of(client(), name))
			.containsExactlyInAnyOrderEntriesOf(Map.of(v1, Set.of("AWSCURRENT")));
	}

	@Test
	void movingALabelHeldByAnotherVersionNeedsRemoveFromVersionId() {
		String name = uniqueName("stage");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String v2 = client().putSecretValue((r) -> r.secretId(name).secretString("two").versionStages("BLUE"))
			.versionId();
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> client()
				.updateSecretVersionStage((r) -> r.secretId(name).versionStage("BLUE").moveToVersionId(v1)))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("RemoveFromVersionId").contains(v2));
		client().updateSecretVersionStage(
				(r) -> r.secretId(name).versionStage("BLUE").removeFromVersionId(v2).moveToVersionId(v1));
		assertThat(VersionLabels.of(client(), name))
			.containsExactlyInAnyOrderEntriesOf(Map.of(v1, Set.of("AWSCURRENT", "BLUE"), v2, Set.of()));
	}

	@Test
	void removingTheLastLabelOfAVersionDeprecatesIt() {
		String name = uniqueName("stage");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String v2 = client().putSecretValue((r) -> r.secretId(name).secretString("two").versionStages("BLUE"))
			.versionId();
		client().updateSecretVersionStage((r) -> r.secretId(name).versionStage("BLUE").removeFromVersionId(v2));
		assertThat(client().describeSecret((r) -> r.secretId(name)).versionIdsToStages()).containsOnlyKeys(v1);
		assertThat(client().listSecretVersionIds((r) -> r.secretId(name)).versions())
			.extracting(SecretVersionsListEntry::versionId)
			.containsExactly(v1);
		List<SecretVersionsListEntry> all = client()
			.listSecretVersionIds((r) -> r.secretId(name).includeDeprecated(true))
			.versions();
		assertThat(all).extracting(SecretVersionsListEntry::versionId).containsExactlyInAnyOrder(v1, v2);
		assertThat(all).filteredOn((entry) -> entry.versionId().equals(v2))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.versionStages()).isEmpty());
	}

	@Test
	void movingCurrentWithoutRemoveFromVersionIdIsInvalidParameter() {
		String name = uniqueName("stage");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String v2 = client().putSecretValue((r) -> r.secretId(name).secretString("two").versionStages("AWSPENDING"))
			.versionId();
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> client()
				.updateSecretVersionStage((r) -> r.secretId(name).versionStage("AWSCURRENT").moveToVersionId(v2)))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains(v1));
		assertThat(VersionLabels.of(client(), name))
			.containsExactlyInAnyOrderEntriesOf(Map.of(v1, Set.of("AWSCURRENT"), v2, Set.of("AWSPENDING")));
	}

	@Test
	void removeFromVersionIdThatDoesNotHoldTheLabelIsInvalidParameter() {
		String name = uniqueName("stage");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String v2 = client().putSecretValue((r) -> r.secretId(name).secretString("two").versionStages("BLUE"))
			.versionId();
		String v3 = client().putSecretValue((r) -> r.secretId(name).secretString("three").versionStages("GREEN"))
			.versionId();
		assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(() -> client().updateSecretVersionStage(
				(r) -> r.secretId(name).versionStage("BLUE").removeFromVersionId(v3).moveToVersionId(v1)));
		assertThat(VersionLabels.of(client(), name)).containsExactlyInAnyOrderEntriesOf(
				Map.of(v1, Set.of("AWSCURRENT"), v2, Set.of("BLUE"), v3, Set.of("GREEN")));
	}

	@Test
	void removingCurrentWithoutMovingItIsInvalidParameter() {
		String name = uniqueName("stage");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(() -> client()
			.updateSecretVersionStage((r) -> r.secretId(name).versionStage("AWSCURRENT").removeFromVersionId(v1)));
		assertThat(client().getSecretValue((r) -> r.secretId(name)).versionId()).isEqualTo(v1);
	}

	@Test
	void unknownSecretIsResourceNotFound() {
		assertThatExceptionOfType(ResourceNotFoundException.class).isThrownBy(() -> client().updateSecretVersionStage(
				(r) -> r.secretId(uniqueName("missing")).versionStage("BLUE").moveToVersionId(VersionLabels.token())));
	}

	@Test
	void secretScheduledForDeletionIsInvalidRequest() {
		String name = uniqueName("stage");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		client().deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(7L));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> client()
			.updateSecretVersionStage((r) -> r.secretId(name).versionStage("BLUE").moveToVersionId(v1)));
	}

}
