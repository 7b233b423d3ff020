package io.github.secretsspringboot.test.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import static io.github.secretsspringboot.test.conformance.ListSecretsConformance.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/** BatchGetSecretValue, by id list and by filters. */
abstract class BatchGetSecretValueConformance extends ConformanceScenarios {

	@Test
	void readsCurrentValuesOfListedSecretsByNameAndArn() {
		String prefix = uniqueName("batch-ids");
		CreateSecretResponse text = client().createSecret((r) -> r.name(prefix + "/text").secretString("{\"a\":1}"));
		CreateSecretResponse binary = client()
			.createSecret((r) -> r.name(prefix + "/binary").secretBinary(SdkBytes.fromByteArray(new byte[] { 1, 2 })));
		BatchGetSecretValueResponse response = client()
			.batchGetSecretValue((r) -> r.secretIdList(prefix + "/text", binary.arn()));
		assertThat(response.errors()).isEmpty();
		assertThat(response.nextToken()).isNull();
		assertThat(response.secretValues()).hasSize(2);
		SecretValueEntry first = entry(response, text.arn());
		assertThat(first.name()).isEqualTo(prefix + "/text");
		assertThat(first.secretString()).isEqualTo("{\"a\":1}");
		assertThat(first.secretBinary()).isNull();
		assertThat(first.versionId()).isEqualTo(text.versionId());
		assertThat(first.versionStages()).containsExactly("AWSCURRENT");
		assertThat(first.createdDate()).isNotNull();
		SecretValueEntry second = entry(response, binary.arn());
		assertThat(second.secretBinary().asByteArray()).containsExactly(1, 2);
		assertThat(second.secretString()).isNull();
	}

	@Test
	void missingSecretIsReportedWithoutFailingTheCall() {
		String prefix = uniqueName("batch-missing");
		client().createSecret((r) -> r.name(prefix + "/present").secretString("v"));
		BatchGetSecretValueResponse response = client()
			.batchGetSecretValue((r) -> r.secretIdList(prefix + "/present", prefix + "/absent"));
		assertThat(response.secretValues()).extracting(SecretValueEntry::name).containsExactly(prefix + "/present");
		assertThat(response.errors()).singleElement().satisfies((error) -> {
			assertThat(error.secretId()).isEqualTo(prefix + "/absent");
			assertThat(error.errorCode()).isEqualTo("ResourceNotFoundException");
			assertThat(error.message()).isNotBlank();
		});
	}

	@Test
	void secretScheduledForDeletionIsReportedAsInvalidRequest() {
		String prefix = uniqueName("batch-deleted");
		client().createSecret((r) -> r.name(prefix + "/deleted").secretString("v"));
		client().deleteSecret((r) -> r.secretId(prefix + "/deleted"));
		BatchGetSecretValueResponse response = client().batchGetSecretValue((r) -> r.secretIdList(prefix + "/deleted"));
		assertThat(response.secretValues()).isEmpty();
		assertThat(response.errors()).extracting(APIErrorType::errorCode).containsExactly("InvalidRequestException");
	}

	@Test
	void moreThanTwentyIdsIsRejected() {
		List<String> ids = IntStream.rangeClosed(1, 21).mapToObj((i) -> uniqueName("batch-many")).toList();
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> client().batchGetSecretValue((r) -> r.secretIdList(ids)))
			.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(400));
	}

	@Test
	void filtersSelectSecrets() {
		String prefix = uniqueName("batch-filter");
		client().createSecret((r) -> r.name(prefix + "/one").secretString("1"));
		client().createSecret((r) -> r.name(prefix + "/two").secretString("2"));
		BatchGetSecretValueResponse response = client().batchGetSecretValue((r) -> r.filters(name(prefix)));
		assertThat(response.errors()).isEmpty();
		assertThat(response.secretValues()).extracting(SecretValueEntry::name, SecretValueEntry::secretString)
			.containsExactlyInAnyOrder(tuple(prefix + "/one", "1"), tuple(prefix + "/two", "2"));
	}

	@Test
	void filteredResultsArePaged() {
		String prefix = uniqueName("batch-page");
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String name = prefix + "/s" + i;
			client().createSecret((r) -> r.name(name).secretString("v"));
			created.add(name);
		}
		List<BatchGetSecretValueResponse> pages = pages(
				(token) -> client().batchGetSecretValue((r) -> r.filters(name(prefix)).maxResults(2).nextToken(token)),
				BatchGetSecretValueResponse::nextToken);
		assertThat(pages).allSatisfy((page) -> assertThat(page.secretValues()).hasSizeLessThanOrEqualTo(2));
		assertThat(pages).flatExtracting(BatchGetSecretValueResponse::secretValues)
			.extracting(SecretValueEntry::name)
			.containsExactlyInAnyOrderElementsOf(created);
		assertThat(pages).hasSizeGreaterThanOrEqualTo(3);
	}

	@Test
	void idsAndFiltersTogetherAreInvalidParameter() {
		String prefix = uniqueName("batch-both");
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> client().batchGetSecretValue((r) -> r.secretIdList(prefix).filters(name(prefix))));
	}

	@Test
	void maxResultsWithoutFiltersIsInvalidParameter() {
		String prefix = uniqueName("batch-max");
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> client().batchGetSecretValue((r) -> r.secretIdList(prefix).maxResults(5)));
	}

	private static SecretValueEntry entry(BatchGetSecretValueResponse response, String arn) {
		return response.secretValues()
			.stream()
			.filter((value) -> value.arn().equals(arn))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No value for " + arn));
	}

}
