package io.github.secretsspringboot.test.conformance;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

abstract class PutSecretValueConformance extends ConformanceScenarios {

	@Test
	void putWithoutStagesBecomesCurrentAndDemotesTheFormerCurrent() {
		String name = uniqueName("put");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		PutSecretValueResponse put = client().putSecretValue((r) -> r.secretId(name).secretString("two"));
		assertThat(put.arn()).isEqualTo(client().describeSecret((r) -> r.secretId(name)).arn());
		assertThat(put.name()).isEqualTo(name);
		assertThat(put.versionId()).isNotEqualTo(v1);
		assertThat(put.versionStages()).containsExactly("AWSCURRENT");
		assertThat(client().getSecretValue((r) -> r.secretId(name)).secretString()).isEqualTo("two");
		assertThat(client().getSecretValue((r) -> r.secretId(name).versionStage("AWSPREVIOUS")).secretString())
			.isEqualTo("one");
		assertThat(VersionLabels.of(client(), name)).containsExactlyInAnyOrderEntriesOf(
				Map.of(v1, Set.of("AWSPREVIOUS"), put.versionId(), Set.of("AWSCURRENT")));
	}

	@Test
	void thirdValueLeavesTheFirstDeprecated() {
		String name = uniqueName("put");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String v2 = client().putSecretValue((r) -> r.secretId(name).secretString("two")).versionId();
		String v3 = client().putSecretValue((r) -> r.secretId(name).secretString("three")).versionId();
		assertThat(VersionLabels.of(client(), name)).containsExactlyInAnyOrderEntriesOf(
				Map.of(v1, Set.of(), v2, Set.of("AWSPREVIOUS"), v3, Set.of("AWSCURRENT")));
		assertThat(client().describeSecret((r) -> r.secretId(name)).versionIdsToStages()).containsOnlyKeys(v2, v3);
	}

	@Test
	void putWithStagesLeavesTheCurrentVersionAlone() {
		String name = uniqueName("put");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		PutSecretValueResponse pending = client()
			.putSecretValue((r) -> r.secretId(name).secretString("two").versionStages("AWSPENDING"));
		assertThat(pending.versionStages()).containsExactly("AWSPENDING");
		assertThat(client().getSecretValue((r) -> r.secretId(name)).secretString()).isEqualTo("one");
		assertThat(client().getSecretValue((r) -> r.secretId(name).versionStage("AWSPENDING")).secretString())
			.isEqualTo("two");
		assertThat(VersionLabels.of(client(), name)).containsExactlyInAnyOrderEntriesOf(
				Map.of(v1, Set.of("AWSCURRENT"), pending.versionId(), Set.of("AWSPENDING")));
	}

	@Test
	void givenLabelsMoveOneByOneFromTheVersionsThatHeldThem() {
		String name = uniqueName("put");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String v2 = client()
			.putSecretValue((r) -> r.secretId(name).secretString("two").versionStages("one", "two", "three"))
			.versionId();
		PutSecretValueResponse v3 = client()
			.putSecretValue((r) -> r.secretId(name).secretString("three").versionStages("one", "two", "four"));
		assertThat(v3.versionStages()).containsExactlyInAnyOrder("one", "two", "four");
		assertThat(VersionLabels.of(client(), name)).containsExactlyInAnyOrderEntriesOf(
				Map.of(v1, Set.of("AWSCURRENT"), v2, Set.of("three"), v3.versionId(), Set.of("one", "two", "four")));
	}

	@Test
	void pendingLabelMovesToTheNewPendingVersionAndLeavesTheOldOneDeprecated() {
		String name = uniqueName("put");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String v2 = client().putSecretValue((r) -> r.secretId(name).secretString("two").versionStages("AWSPENDING"))
			.versionId();
		String v3 = client()
			.putSecretValue((r) -> r.secretId(name).secretString("three").versionStages("AWSPENDING", "BLUE"))
			.versionId();
		assertThat(VersionLabels.of(client(), name)).containsExactlyInAnyOrderEntriesOf(
				Map.of(v1, Set.of("AWSCURRENT"), v2, Set.of(), v3, Set.of("AWSPENDING", "BLUE")));
	}

	@Test
	void explicitCurrentWithCustomLabelDemotesTheFormerCurrent() {
		String name = uniqueName("put");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		PutSecretValueResponse v2 = client()
			.putSecretValue((r) -> r.secretId(name).secretString("two").versionStages("AWSCURRENT", "BLUE"));
		assertThat(v2.versionStages()).containsExactlyInAnyOrder("AWSCURRENT", "BLUE");
		assertThat(VersionLabels.of(client(), name)).containsExactlyInAnyOrderEntriesOf(
				Map.of(v1, Set.of("AWSPREVIOUS"), v2.versionId(), Set.of("AWSCURRENT", "BLUE")));
	}

	@Test
	void newCurrentValueTakesPendingOffTheVersionOfACompletedRotation() {
		String name = uniqueName("put");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String v2 = client().putSecretValue((r) -> r.secretId(name).secretString("two").versionStages("AWSPENDING"))
			.versionId();
		client().updateSecretVersionStage(
				(r) -> r.secretId(name).versionStage("AWSCURRENT").removeFromVersionId(v1).moveToVersionId(v2));
		assertThat(VersionLabels.of(client(), name).get(v2)).containsExactlyInAnyOrder("AWSCURRENT", "AWSPENDING");
		String v3 = client().putSecretValue((r) -> r.secretId(name).secretString("three")).versionId();
		assertThat(VersionLabels.of(client(), name)).containsExactlyInAnyOrderEntriesOf(
				Map.of(v1, Set.of(), v2, Set.of("AWSPREVIOUS"), v3, Set.of("AWSCURRENT")));
	}

	@Test
	void firstValueOfASecretCreatedWithoutOneBecomesCurrent() {
		String name = uniqueName("put");
		client().createSecret((r) -> r.name(name));
		PutSecretValueResponse put = client().putSecretValue((r) -> r.secretId(name).secretString("first"));
		assertThat(put.versionStages()).containsExactly("AWSCURRENT");
		assertThat(client().getSecretValue((r) -> r.secretId(name)).versionId()).isEqualTo(put.versionId());
	}

	@Test
	void retryWithSameTokenAndValueChangesNothing() {
		String name = uniqueName("put");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String token = VersionLabels.token();
		PutSecretValueResponse first = client()
			.putSecretValue((r) -> r.secretId(name).secretString("two").clientRequestToken(token));
		PutSecretValueResponse retry = client().putSecretValue(
				(r) -> r.secretId(name).secretString("two").clientRequestToken(token).versionStages("BLUE"));
		assertThat(first.versionId()).isEqualTo(token);
		assertThat(retry.versionId()).isEqualTo(token);
		assertThat(retry.versionStages()).containsExactly("AWSCURRENT");
		assertThat(VersionLabels.of(client(), name))
			.containsExactlyInAnyOrderEntriesOf(Map.of(v1, Set.of("AWSPREVIOUS"), token, Set.of("AWSCURRENT")));
	}

	@Test
	void retryWithSameTokenAndBinaryValueChangesNothing() {
		String name = uniqueName("put");
		client().createSecret((r) -> r.name(name).secretString("one"));
		String token = VersionLabels.token();
		SdkBytes bytes = SdkBytes.fromByteArray(new byte[] { 1, 2, 3 });
		client().putSecretValue((r) -> r.secretId(name).secretBinary(bytes).clientRequestToken(token));
		PutSecretValueResponse retry = client()
			.putSecretValue((r) -> r.secretId(name).secretBinary(bytes).clientRequestToken(token));
		assertThat(retry.versionId()).isEqualTo(token);
		assertThat(VersionLabels.of(client(), name)).hasSize(2);
		GetSecretValueResponse value = client().getSecretValue((r) -> r.secretId(name));
		assertThat(value.secretBinary().asByteArray()).containsExactly(1, 2, 3);
		assertThat(value.secretString()).isNull();
	}

	@Test
	void sameTokenWithAnotherValueIsResourceExists() {
		String name = uniqueName("put");
		client().createSecret((r) -> r.name(name).secretString("one"));
		String token = VersionLabels.token();
		client().putSecretValue((r) -> r.secretId(name).secretString("two").clientRequestToken(token));
		assertThatExceptionOfType(ResourceExistsException.class)
			.isThrownBy(() -> client()
				.putSecretValue((r) -> r.secretId(name).secretString("changed").clientRequestToken(token)))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("changed"));
		assertThatExceptionOfType(ResourceExistsException.class).isThrownBy(() -> client().putSecretValue(
				(r) -> r.secretId(name).secretBinary(SdkBytes.fromUtf8String("two")).clientRequestToken(token)));
		assertThat(client().getSecretValue((r) -> r.secretId(name).versionId(token)).secretString()).isEqualTo("two");
	}

	@Test
	void tokenOfTheVersionCreateSecretMadeIsARetryToo() {
		String name = uniqueName("put");
		String token = VersionLabels.token();
		client().createSecret((r) -> r.name(name).secretString("one").clientRequestToken(token));
		PutSecretValueResponse retry = client()
			.putSecretValue((r) -> r.secretId(name).secretString("one").clientRequestToken(token));
		assertThat(retry.versionId()).isEqualTo(token);
		assertThat(VersionLabels.of(client(), name))
			.containsExactlyInAnyOrderEntriesOf(Map.of(token, Set.of("AWSCURRENT")));
	}

	@Test
	void valueIsRequired() {
		String name = uniqueName("put");
		client().createSecret((r) -> r.name(name).secretString("one"));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client().putSecretValue((r) -> r.secretId(name)));
	}

	@Test
	void stringAndBinaryTogetherIsInvalidParameter() {
		String name = uniqueName("put");
		client().createSecret((r) -> r.name(name).secretString("one"));
		assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(() -> client()
			.putSecretValue((r) -> r.secretId(name).secretString("s").secretBinary(SdkBytes.fromUtf8String("b"))));
	}

	@Test
	void unknownSecretIsResourceNotFound() {
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client().putSecretValue((r) -> r.secretId(uniqueName("missing")).secretString("v")));
	}

	@Test
	void secretScheduledForDeletionIsInvalidRequest() {
		String name = uniqueName("put");
		client().createSecret((r) -> r.name(name).secretString("one"));
		client().deleteSecret((r) -> r.secretId(name).recoveryWindowInDays(7L));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client().putSecretValue((r) -> r.secretId(name).secretString("two")));
	}

	@Test
	void moreThanTwentyStagesIsAValidationError() {
		String name = uniqueName("put");
		client().createSecret((r) -> r.name(name).secretString("one"));
		String[] stages = new String[21];
		for (int i = 0; i < stages.length; i++) {
			stages[i] = "S" + i;
		}
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(
					() -> client().putSecretValue((r) -> r.secretId(name).secretString("two").versionStages(stages)))
			.satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(400);
				assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
			});
	}

	@Test
	void tokenShorterThan32CharactersIsAValidationError() {
		String name = uniqueName("put");
		client().createSecret((r) -> r.name(name).secretString("one"));
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> client()
				.putSecretValue((r) -> r.secretId(name).secretString("two").clientRequestToken("too-short")))
			.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
	}

}
