package io.github.secretsspringboot.test.conformance;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

abstract class UpdateSecretConformance extends ConformanceScenarios {

	@Test
	void descriptionOnlyCreatesNoVersion() {
		String name = uniqueName("update");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one").description("first")).versionId();
		UpdateSecretResponse updated = client().updateSecret((r) -> r.secretId(name).description("second"));
		assertThat(updated.name()).isEqualTo(name);
		assertThat(updated.arn()).startsWith("arn:aws:secretsmanager:" + target().region());
		assertThat(updated.versionId()).isNull();
		DescribeSecretResponse described = client().describeSecret((r) -> r.secretId(name));
		assertThat(described.description()).isEqualTo("second");
		assertThat(VersionLabels.of(client(), name))
			.containsExactlyInAnyOrderEntriesOf(Map.of(v1, Set.of("AWSCURRENT")));
	}

	@Test
	void valueBecomesTheCurrentVersion() {
		String name = uniqueName("update");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		UpdateSecretResponse updated = client()
			.updateSecret((r) -> r.secretId(name).secretString("two").description("rotated by hand"));
		assertThat(updated.versionId()).isNotNull().isNotEqualTo(v1);
		assertThat(client().getSecretValue((r) -> r.secretId(name)).secretString()).isEqualTo("two");
		assertThat(client().describeSecret((r) -> r.secretId(name)).description()).isEqualTo("rotated by hand");
		assertThat(VersionLabels.of(client(), name)).containsExactlyInAnyOrderEntriesOf(
				Map.of(v1, Set.of("AWSPREVIOUS"), updated.versionId(), Set.of("AWSCURRENT")));
	}

	@Test
	void binaryValueBecomesTheCurrentVersion() {
		String name = uniqueName("update");
		client().createSecret((r) -> r.name(name).secretString("one"));
		client().updateSecret((r) -> r.secretId(name).secretBinary(SdkBytes.fromByteArray(new byte[] { 9, 8 })));
		assertThat(client().getSecretValue((r) -> r.secretId(name)).secretBinary().asByteArray()).containsExactly(9, 8);
	}

	@Test
	void retryWithSameTokenAndValueChangesNothing() {
		String name = uniqueName("update");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String token = VersionLabels.token();
		UpdateSecretResponse first = client()
			.updateSecret((r) -> r.secretId(name).secretString("two").clientRequestToken(token));
		UpdateSecretResponse retry = client()
			.updateSecret((r) -> r.secretId(name).secretString("two").clientRequestToken(token));
		assertThat(first.versionId()).isEqualTo(token);
		assertThat(retry.versionId()).isEqualTo(token);
		assertThat(VersionLabels.of(client(), name))
			.containsExactlyInAnyOrderEntriesOf(Map.of(v1, Set.of("AWSPREVIOUS"), token, Set.of("AWSCURRENT")));
	}

	@Test
	void sameTokenWithAnotherValueIsResourceExists() {
		String name = uniqueName("update");
		client().createSecret((r) -> r.name(name).secretString("one"));
		String token = VersionLabels.token();
		client().updateSecret((r) -> r.secretId(name).secretString("two").clientRequestToken(token));
		assertThatExceptionOfType(ResourceExistsException.class).isThrownBy(
				() -> client().updateSecret((r) -> r.secretId(name).secretString("three").clientRequestToken(token)));
		assertThat(client().getSecretValue((r) -> r.secretId(name)).secretString()).isEqualTo("two");
	}

	@Test
	void stringAndBinaryTogetherIsInvalidParameter() {
		String name = uniqueName("update");
		client().createSecret((r) -> r.name(name).secretString("one"));
		assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(() -> client()
			.updateSecret((r) -> r.secretId(name).secretString("s").secretBinary(SdkBytes.fromUtf8String("b"))));
	}

	@Test
	void unknownSecretIsResourceNotFound() {
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client().updateSecret((r) -> r.secretId(uniqueName("missing")).description("d")));
	}

	@Test
	void secretScheduledForDeletionIsInvalidRequest() {
		String name = uniqueName("update");
		client().createSecret((r) -> r.name(name).secretString("one"));
		client().deleteSecret((r) -> r.secretId(name));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client().updateSecret((r) -> r.secretId(name).secretString("two")));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client().updateSecret((r) -> r.secretId(name).description("d")));
	}

}
