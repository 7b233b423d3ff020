package io.github.secretsspringboot.test.emulator;

import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CreateAndGetSecretTests {

	private static SecretsManagerEmulator emulator;

	private static SecretsManagerClient client;

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
		client = emulator.client();
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@BeforeEach
	void clear() {
		emulator.clear();
		emulator.control().reset();
	}

	@Test
	void createdStringSecretIsReadByNameFullArnAndPartialArn() {
		CreateSecretResponse created = client.createSecret((r) -> r.name("prod/app/db").secretString("{\"a\":1}"));
		assertThat(created.arn()).matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/app/db-[A-Za-z0-9]{6}");
		String partialArn = created.arn().substring(0, created.arn().length() - 7);
		for (String id : new String[] { "prod/app/db", created.arn(), partialArn }) {
			GetSecretValueResponse value = client.getSecretValue((r) -> r.secretId(id));
			assertThat(value.secretString()).isEqualTo("{\"a\":1}");
			assertThat(value.versionId()).isEqualTo(created.versionId());
			assertThat(value.versionStages()).containsExactly("AWSCURRENT");
			assertThat(value.arn()).isEqualTo(created.arn());
			assertThat(value.createdDate()).isNotNull();
		}
	}

	@Test
	void binarySecretRoundTrips() {
		byte[] bytes = { 0, (byte) 0xff, 42 };
		client.createSecret((r) -> r.name("bin").secretBinary(SdkBytes.fromByteArray(bytes)));
		GetSecretValueResponse value = client.getSecretValue((r) -> r.secretId("bin"));
		assertThat(value.secretBinary().asByteArray()).isEqualTo(bytes);
		assertThat(value.secretString()).isNull();
		assertThat(Base64.getEncoder().encodeToString(bytes)).isNotEmpty();
	}

	@Test
	void unknownSecretIsResourceNotFound() {
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client.getSecretValue((r) -> r.secretId("missing")))
			.satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(400);
				assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
			});
	}

	@Test
	void secondCreateWithAnotherTokenIsResourceExists() {
		client.createSecret((r) -> r.name("dup").secretString("one"));
		assertThatExceptionOfType(ResourceExistsException.class)
			.isThrownBy(() -> client.createSecret((r) -> r.name("dup").secretString("two")));
	}

	@Test
	void retriedCreateWithSameTokenAndValueIsIgnored() {
		String token = "a1b2c3d4-0000-0000-0000-000000000001";
		CreateSecretResponse first = client.createSecret((r) -> r.name("retry").secretString("v").clientRequestToken(token));
		CreateSecretResponse second = client.createSecret((r) -> r.name("retry").secretString("v").clientRequestToken(token));
		assertThat(second.versionId()).isEqualTo(first.versionId()).isEqualTo(token);
	}

	@Test
	void stringAndBinaryTogetherIsInvalidParameter() {
		assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(() -> client.createSecret(
				(r) -> r.name("both").secretString("s").secretBinary(SdkBytes.fromByteArray(new byte[] { 1 }))));
	}

}
