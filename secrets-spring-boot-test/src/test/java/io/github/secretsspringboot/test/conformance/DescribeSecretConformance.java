package io.github.secretsspringboot.test.conformance;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

abstract class DescribeSecretConformance extends ConformanceScenarios {

	@Test
	void describesMetadataWithoutTheValue() {
		String name = uniqueName("describe");
		Instant before = Instant.now().minusSeconds(60);
		CreateSecretResponse created = client().createSecret((r) -> r.name(name)
			.secretString("{\"password\":\"p\"}")
			.description("database credentials")
			.tags(Tag.builder().key("team").value("payments").build()));
		DescribeSecretResponse described = client().describeSecret((r) -> r.secretId(name));
		assertThat(described.arn()).isEqualTo(created.arn());
		assertThat(described.name()).isEqualTo(name);
		assertThat(described.description()).isEqualTo("database credentials");
		assertThat(described.tags()).containsExactly(Tag.builder().key("team").value("payments").build());
		assertThat(described.versionIdsToStages()).containsOnlyKeys(created.versionId());
		assertThat(described.versionIdsToStages().get(created.versionId())).containsExactly("AWSCURRENT");
		assertThat(described.createdDate()).isAfter(before);
		assertThat(described.lastChangedDate())
			.isAfterOrEqualTo(described.createdDate().truncatedTo(ChronoUnit.SECONDS));
		assertThat(described.primaryRegion()).isEqualTo(target().region());
		assertThat(described.kmsKeyId()).isNull();
		assertThat(described.lastAccessedDate()).isNull();
		assertThat(described.deletedDate()).isNull();
		assertThat(described.rotationEnabled()).isNull();
		assertThat(described.rotationLambdaARN()).isNull();
		assertThat(described.rotationRules()).isNull();
	}

	@Test
	void secretWithoutValueHasNoVersions() {
		String name = uniqueName("describe");
		client().createSecret((r) -> r.name(name));
		DescribeSecretResponse described = client().describeSecret((r) -> r.secretId(name));
		assertThat(described.versionIdsToStages()).isEmpty();
		assertThat(described.description()).isNull();
		assertThat(described.hasTags()).isFalse();
	}

	@Test
	void readingTheValueSetsLastAccessedDateToTheDay() {
		String name = uniqueName("describe");
		client().createSecret((r) -> r.name(name).secretString("one"));
		assertThat(client().describeSecret((r) -> r.secretId(name)).lastAccessedDate()).isNull();
		client().getSecretValue((r) -> r.secretId(name));
		Instant accessed = client().describeSecret((r) -> r.secretId(name)).lastAccessedDate();
		assertThat(accessed).isNotNull().isEqualTo(accessed.truncatedTo(ChronoUnit.DAYS));
		assertThat(accessed).isCloseTo(Instant.now(), within(Duration.ofDays(1).plusHours(1)));
	}

	@Test
	void secretScheduledForDeletionIsDescribedWithItsDeletedDate() {
		String name = uniqueName("describe");
		client().createSecret((r) -> r.name(name).secretString("one"));
		Instant before = Instant.now().minusSeconds(60);
		client().deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(7L));
		DescribeSecretResponse described = client().describeSecret((r) -> r.secretId(name));
		assertThat(described.deletedDate()).isAfter(before).isBefore(Instant.now().plusSeconds(60));
		assertThat(described.name()).isEqualTo(name);
	}

	@Test
	void describedByFullAndPartialArn() {
		String name = uniqueName("describe");
		String arn = client().createSecret((r) -> r.name(name).secretString("one")).arn();
		assertThat(client().describeSecret((r) -> r.secretId(arn)).name()).isEqualTo(name);
		String partialArn = arn.substring(0, arn.length() - 7);
		assertThat(client().describeSecret((r) -> r.secretId(partialArn)).arn()).isEqualTo(arn);
	}

	@Test
	void unknownSecretIsResourceNotFound() {
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client().describeSecret((r) -> r.secretId(uniqueName("missing"))));
	}

}
