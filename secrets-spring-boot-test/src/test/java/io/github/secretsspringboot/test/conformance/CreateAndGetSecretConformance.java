package io.github.secretsspringboot.test.conformance;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

abstract class CreateAndGetSecretConformance extends ConformanceScenarios {

	@Test
	void createdStringSecretIsReadByNameFullArnAndPartialArn() {
		String name = uniqueName("prod/app/db");
		CreateSecretResponse created = client().createSecret((r) -> r.name(name).secretString("{\"a\":1}"));
		assertThat(created.arn()).matches("arn:aws:secretsmanager:" + target().region() + ":" + target().accountId()
				+ ":secret:" + name + "-[A-Za-z0-9]{6}");
		String partialArn = created.arn().substring(0, created.arn().length() - 7);
		for (String id : new String[] { name, created.arn(), partialArn }) {
			GetSecretValueResponse value = client().getSecretValue((r) -> r.secretId(id));
			assertThat(value.secretString()).isEqualTo("{\"a\":1}");
			assertThat(value.versionId()).isEqualTo(created.versionId());
			assertThat(value.versionStages()).containsExactly("AWSCURRENT");
			assertThat(value.arn()).isEqualTo(created.arn());
			assertThat(value.createdDate()).isNotNull();
		}
	}

	@Test
	void binarySecretRoundTrips() {
		String name = uniqueName("bin");
		byte[] bytes = { 0, (byte) 0xff, 42 };
		client().createSecret((r) -> r.name(name).secretBinary(SdkBytes.fromByteArray(bytes)));
		GetSecretValueResponse value = client().getSecretValue((r) -> r.secretId(name));
		assertThat(value.secretBinary().asByteArray()).isEqualTo(bytes);
		assertThat(value.secretString()).isNull();
	}

	@Test
	void unknownSecretIsResourceNotFound() {
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client().getSecretValue((r) -> r.secretId(uniqueName("missing"))))
			.satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(400);
				assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
			});
	}

	@Test
	void secondCreateWithAnotherTokenIsResourceExists() {
		String name = uniqueName("dup");
		client().createSecret((r) -> r.name(name).secretString("one"));
		assertThatExceptionOfType(ResourceExistsException.class)
			.isThrownBy(() -> client().createSecret((r) -> r.name(name).secretString("two")));
	}

	@Test
	void retriedCreateWithSameTokenAndValueIsIgnored() {
		String name = uniqueName("retry");
		String token = "a1b2c3d4-0000-0000-0000-" + name.substring(name.length() - 8) + "0001";
		CreateSecretResponse first = client()
			.createSecret((r) -> r.name(name).secretString("v").clientRequestToken(token));
		CreateSecretResponse second = client()
			.createSecret((r) -> r.name(name).secretString("v").clientRequestToken(token));
		assertThat(second.versionId()).isEqualTo(first.versionId()).isEqualTo(token);
	}

	@Test
	void stringAndBinaryTogetherIsInvalidParameter() {
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> client().createSecret((r) -> r.name(uniqueName("both"))
				.secretString("s")
				.secretBinary(SdkBytes.fromByteArray(new byte[] { 1 }))));
	}

}
