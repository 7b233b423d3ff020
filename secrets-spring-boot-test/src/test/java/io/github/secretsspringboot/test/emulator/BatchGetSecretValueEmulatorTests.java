package io.github.secretsspringboot.test.emulator;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/** BatchGetSecretValue with the emulator's controls and exact error codes. */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class BatchGetSecretValueEmulatorTests {

	private static SecretsManagerEmulator emulator;

	private static String deniedArn;

	@BeforeAll
	static void createSecrets(SecretsManagerEmulator started) {
		emulator = started;
		SecretsManagerClient client = emulator.client();
		client.createSecret((r) -> r.name("batch/open").secretString("open-value"));
		deniedArn = client.createSecret((r) -> r.name("batch/denied").secretString("denied-value")).arn();
		client.createSecret((r) -> r.name("batch/locked").secretString("locked-value"));
		client.createSecret((r) -> r.name("batch/empty"));
	}

	@AfterEach
	void resetControl() {
		emulator.control().reset();
	}

	@Test
	void deniedAndUndecryptableSecretsAreReportedPerSecret() {
		emulator.control().denyAccess("batch/denied").failDecryption("batch/locked");
		BatchGetSecretValueResponse response = emulator.client()
			.batchGetSecretValue((r) -> r.secretIdList("batch/open", "batch/denied", "batch/locked", "batch/empty"));
		assertThat(response.secretValues()).extracting(SecretValueEntry::name).containsExactly("batch/open");
		assertThat(response.errors()).extracting(APIErrorType::secretId, APIErrorType::errorCode)
			.containsExactly(tuple("batch/denied", "AccessDeniedException"), tuple("batch/locked", "DecryptionFailure"),
					tuple("batch/empty", "ResourceNotFoundException"));
		assertThat(response.errors()).extracting(APIErrorType::message)
			.allSatisfy((message) -> assertThat(message).doesNotContain("-value"));
		assertThat(response.errors().get(0).message()).contains("secretsmanager:GetSecretValue");
	}

	@Test
	void filteredReadReportsDeniedSecretsByArn() {
		emulator.control().denyAccess("batch/denied");
		BatchGetSecretValueResponse response = emulator.client()
			.batchGetSecretValue((r) -> r.filters((f) -> f.key("name").values("batch/denied")));
		assertThat(response.secretValues()).isEmpty();
		assertThat(response.errors()).extracting(APIErrorType::secretId).containsExactly(deniedArn);
	}

	@Test
	void batchIsCountedAsOneRequest() {
		emulator.control().resetCounters();
		emulator.client().batchGetSecretValue((r) -> r.secretIdList("batch/open", "batch/denied"));
		assertThat(emulator.control().requestCounts()).containsExactly(Map.entry("BatchGetSecretValue", 1L));
	}

	@Test
	void neitherIdsNorFiltersIsInvalidParameter() {
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> emulator.client().batchGetSecretValue((r) -> {
			}));
	}

	@Test
	void moreThanTwentyIdsIsValidationException() {
		List<String> ids = IntStream.rangeClosed(1, 21).mapToObj((i) -> "batch/id" + i).toList();
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> emulator.client().batchGetSecretValue((r) -> r.secretIdList(ids)))
			.satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(400);
				assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
			});
	}

	@Test
	void secretScheduledForDeletionIsInvalidRequestAndSkippedByFilters() {
		OperationFixture fixture = new OperationFixture();
		fixture.create("deleted", "v");
		fixture.create("kept", "v");
		fixture.scheduleDeletion("deleted");
		JsonNode error = fixture.invoke("BatchGetSecretValue", "{\"SecretIdList\":[\"deleted\"]}").get("Errors").get(0);
		assertThat(error.get("ErrorCode").asString()).isEqualTo("InvalidRequestException");
		assertThat(error.get("SecretId").asString()).isEqualTo("deleted");
		ObjectNode filtered = fixture.invoke("BatchGetSecretValue",
				"{\"Filters\":[{\"Key\":\"name\",\"Values\":[\"\"]}]}");
		assertThat(filtered.get("SecretValues")).hasSize(1);
		assertThat(filtered.get("SecretValues").get(0).get("Name").asString()).isEqualTo("kept");
		assertThat(filtered.get("Errors")).isEmpty();
	}

}
