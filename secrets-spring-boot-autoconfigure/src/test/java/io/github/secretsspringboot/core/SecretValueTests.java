package io.github.secretsspringboot.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;

import static io.github.secretsspringboot.Withheld.assertWithheld;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretValue}: what it takes from the SDK's answers, which ids name it,
 * and that it never prints its value.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class SecretValueTests {

	private static final String CANARY = "canary-c0ffee-value";

	@BeforeEach
	void clear(SecretsManagerEmulator emulator) {
		emulator.clear();
	}

	@Test
	void aGetSecretValueAnswerBecomesTheVersionWithItsStages(SecretsManagerEmulator emulator) {
		SecretsManagerClient client = emulator.client();
		CreateSecretResponse created = client
			.createSecret((secret) -> secret.name("prod/app/token").secretString(CANARY));
		SecretValue value = SecretValue.of(client.getSecretValue((request) -> request.secretId("prod/app/token")));
		assertThat(value.name()).isEqualTo("prod/app/token");
		assertThat(value.arn()).isEqualTo(created.arn());
		assertThat(value.versionId()).isEqualTo(created.versionId());
		assertThat(value.versionStages()).containsExactly("AWSCURRENT");
		assertThat(value.createdDate()).isNotNull();
		assertThat(value.isBinary()).isFalse();
		assertThat(value.text()).isEqualTo(CANARY);
	}

	@Test
	void aBatchEntryBecomesTheSameVersionAsTheSingleAnswer(SecretsManagerEmulator emulator) {
		SecretsManagerClient client = emulator.client();
		client.createSecret((secret) -> secret.name("prod/app/keystore")
			.secretBinary(SdkBytes.fromString(CANARY, StandardCharsets.UTF_8)));
		client.createSecret((secret) -> secret.name("prod/app/other").secretString("other"));
		SecretValue single = SecretValue.of(client.getSecretValue((request) -> request.secretId("prod/app/keystore")));
		SecretValue batched = client
			.batchGetSecretValue((request) -> request.secretIdList("prod/app/keystore", "prod/app/other"))
			.secretValues()
			.stream()
			.map(SecretValue::of)
			.filter((value) -> value.isNamedBy("prod/app/keystore"))
			.findFirst()
			.orElseThrow();
		assertThat(batched).isEqualTo(single).hasSameHashCodeAs(single);
		assertThat(batched.isBinary()).isTrue();
		assertThat(batched.secretBinary()).isEqualTo(CANARY.getBytes(StandardCharsets.UTF_8));
		assertThat(batched.text())
			.isEqualTo(java.util.Base64.getEncoder().encodeToString(CANARY.getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void theNameTheFullArnAndThePartialArnNameTheSecret() {
		SecretValue value = value("prod/db", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf");
		assertThat(value.isNamedBy("prod/db")).isTrue();
		assertThat(value.isNamedBy("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf")).isTrue();
		assertThat(value.isNamedBy("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db")).isTrue();
		assertThat(value.isNamedBy("prod/db-AbCdEf")).isFalse();
		assertThat(value.isNamedBy("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/d")).isFalse();
		assertThat(value.isNamedBy("prod")).isFalse();
	}

	@Test
	void versionsAreEqualByArnAndVersionIdWhateverTheirStages() {
		SecretValue current = new SecretValue("n", "arn:n", "v1", List.of("AWSCURRENT"), Instant.EPOCH, "a", null);
		SecretValue previous = new SecretValue("n", "arn:n", "v1", List.of("AWSPREVIOUS"), Instant.now(), "a", null);
		SecretValue other = new SecretValue("n", "arn:n", "v2", List.of("AWSCURRENT"), Instant.EPOCH, "a", null);
		assertThat(current).isEqualTo(previous).hasSameHashCodeAs(previous).isNotEqualTo(other);
	}

	@Test
	void toStringNamesTheVersionNeverTheValue() {
		SecretValue text = value("prod/db", "arn:prod/db");
		SecretValue binary = new SecretValue("prod/db", "arn:prod/db", "v7", List.of("AWSCURRENT"), Instant.EPOCH, null,
				CANARY.getBytes(StandardCharsets.UTF_8));
		assertThat(text).hasToString("SecretValue[arn:prod/db version v7 [AWSCURRENT]]");
		assertWithheld(CANARY, "toString()", binary);
		assertWithheld("Y2FuYXJ5", "toString()", binary);
	}

	private static SecretValue value(String name, String arn) {
		return new SecretValue(name, arn, "v7", List.of("AWSCURRENT"), Instant.EPOCH, CANARY, null);
	}

}
