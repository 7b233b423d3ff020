package io.github.secretsspringboot.test.conformance;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.RestoreSecretResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

abstract class DeleteAndRestoreSecretConformance extends ConformanceScenarios {

	private static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

	@Test
	void deletionIsScheduledThirtyDaysAheadByDefault() {
		String name = uniqueName("delete");
		String arn = client().createSecret((r) -> r.name(name).secretString("one")).arn();
		DeleteSecretResponse deleted = client().deleteSecret((r) -> r.secretId(name));
		assertThat(deleted.arn()).isEqualTo(arn);
		assertThat(deleted.name()).isEqualTo(name);
		assertThat(deleted.deletionDate()).isCloseTo(Instant.now().plus(Duration.ofDays(30)), within(CLOCK_TOLERANCE));
	}

	@Test
	void recoveryWindowSetsTheDeletionDate() {
		String name = uniqueName("delete");
		client().createSecret((r) -> r.name(name).secretString("one"));
		DeleteSecretResponse deleted = client().deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(7L));
		assertThat(deleted.deletionDate()).isCloseTo(Instant.now().plus(Duration.ofDays(7)), within(CLOCK_TOLERANCE));
	}

	@Test
	void secretScheduledForDeletionRefusesValueOperations() {
		String name = uniqueName("delete");
		client().createSecret((r) -> r.name(name).secretString("one"));
		client().deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(7L));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client().getSecretValue((r) -> r.secretId(name)))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("marked for deletion"));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client().putSecretValue((r) -> r.secretId(name).secretString("two")));
		assertThat(client().describeSecret((r) -> r.secretId(name)).deletedDate()).isNotNull();
	}

	@Test
	void nameOfASecretScheduledForDeletionCannotBeReused() {
		String name = uniqueName("delete");
		client().createSecret((r) -> r.name(name).secretString("one"));
		client().deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(7L));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client().createSecret((r) -> r.name(name).secretString("two")))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("scheduled for deletion"));
	}

	@Test
	void deletingASecretScheduledForDeletionIsInvalidRequest() {
		String name = uniqueName("delete");
		client().createSecret((r) -> r.name(name).secretString("one"));
		client().deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(7L));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client().deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(7L)));
	}

	@Test
	void recoveryWindowOutsideSevenToThirtyDaysIsInvalidParameter() {
		String name = uniqueName("delete");
		client().createSecret((r) -> r.name(name).secretString("one"));
		for (long days : new long[] { 6, 31 }) {
			assertThatExceptionOfType(InvalidParameterException.class)
				.isThrownBy(() -> client().deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(days)));
		}
		assertThat(client().describeSecret((r) -> r.secretId(name)).deletedDate()).isNull();
	}

	@Test
	void recoveryWindowAndForceDeleteTogetherIsInvalidParameter() {
		String name = uniqueName("delete");
		client().createSecret((r) -> r.name(name).secretString("one"));
		assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(() -> client()
			.deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(7L).forceDeleteWithoutRecovery(true)));
		assertThat(client().getSecretValue((r) -> r.secretId(name)).secretString()).isEqualTo("one");
	}

	@Test
	void forcedDeletionRemovesTheSecretAndFreesItsName() {
		String name = uniqueName("delete");
		CreateSecretResponse first = client().createSecret((r) -> r.name(name).secretString("one"));
		Instant before = Instant.now().minus(CLOCK_TOLERANCE);
		DeleteSecretResponse deleted = client().deleteSecret((r) -> r.secretId(name).forceDeleteWithoutRecovery(true));
		assertThat(deleted.arn()).isEqualTo(first.arn());
		assertThat(deleted.deletionDate()).isBetween(before, Instant.now().plus(CLOCK_TOLERANCE));
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client().describeSecret((r) -> r.secretId(name)));
		CreateSecretResponse second = client().createSecret((r) -> r.name(name).secretString("two"));
		assertThat(second.arn()).isNotEqualTo(first.arn());
		assertThat(client().getSecretValue((r) -> r.secretId(name)).secretString()).isEqualTo("two");
	}

	@Test
	void forcedDeletionOfASecretScheduledForDeletionRemovesIt() {
		String name = uniqueName("delete");
		client().createSecret((r) -> r.name(name).secretString("one"));
		client().deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(7L));
		client().deleteSecret((r) -> r.secretId(name).forceDeleteWithoutRecovery(true));
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client().describeSecret((r) -> r.secretId(name)));
	}

	@Test
	void forcedDeletionOfAnUnknownSecretSucceeds() {
		String name = uniqueName("missing");
		DeleteSecretResponse deleted = client().deleteSecret((r) -> r.secretId(name).forceDeleteWithoutRecovery(true));
		assertThat(deleted.name()).isEqualTo(name);
	}

	@Test
	void deletingAnUnknownSecretIsResourceNotFound() {
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client().deleteSecret((r) -> r.secretId(uniqueName("missing"))));
	}

	@Test
	void restoreCancelsTheDeletion() {
		String name = uniqueName("restore");
		String arn = client().createSecret((r) -> r.name(name).secretString("one")).arn();
		client().deleteSecret((r) -> r.secretId(name));
		RestoreSecretResponse restored = client().restoreSecret((r) -> r.secretId(name));
		assertThat(restored.arn()).isEqualTo(arn);
		assertThat(restored.name()).isEqualTo(name);
		assertThat(client().describeSecret((r) -> r.secretId(name)).deletedDate()).isNull();
		assertThat(client().getSecretValue((r) -> r.secretId(name)).secretString()).isEqualTo("one");
		client().putSecretValue((r) -> r.secretId(name).secretString("two"));
		assertThat(client().getSecretValue((r) -> r.secretId(name)).secretString()).isEqualTo("two");
	}

	@Test
	void restoringAnUnknownSecretIsResourceNotFound() {
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client().restoreSecret((r) -> r.secretId(uniqueName("missing"))));
	}

}
