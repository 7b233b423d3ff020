package io.github.secretsspringboot.test.conformance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.InvalidNextTokenException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

abstract class ListSecretVersionIdsConformance extends ConformanceScenarios {

	@Test
	void listsLabelledVersionsWithTheirMetadata() {
		String name = uniqueName("versions");
		Instant before = Instant.now().minusSeconds(60);
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String v2 = client().putSecretValue((r) -> r.secretId(name).secretString("two")).versionId();
		ListSecretVersionIdsResponse listed = client().listSecretVersionIds((r) -> r.secretId(name));
		assertThat(listed.name()).isEqualTo(name);
		assertThat(listed.arn()).isEqualTo(client().describeSecret((r) -> r.secretId(name)).arn());
		assertThat(listed.nextToken()).isNull();
		assertThat(listed.versions()).extracting(SecretVersionsListEntry::versionId).containsExactlyInAnyOrder(v1, v2);
		for (SecretVersionsListEntry entry : listed.versions()) {
			assertThat(entry.createdDate()).isAfter(before);
			assertThat(entry.kmsKeyIds()).containsExactly("DefaultEncryptionKey");
			assertThat(entry.lastAccessedDate()).isNull();
			assertThat(entry.versionStages())
				.containsExactly(entry.versionId().equals(v1) ? "AWSPREVIOUS" : "AWSCURRENT");
		}
	}

	@Test
	void deprecatedVersionsOnlyWhenAskedFor() {
		String name = uniqueName("versions");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String v2 = client().putSecretValue((r) -> r.secretId(name).secretString("two")).versionId();
		String v3 = client().putSecretValue((r) -> r.secretId(name).secretString("three")).versionId();
		assertThat(client().listSecretVersionIds((r) -> r.secretId(name)).versions())
			.extracting(SecretVersionsListEntry::versionId)
			.containsExactlyInAnyOrder(v2, v3);
		assertThat(client().listSecretVersionIds((r) -> r.secretId(name).includeDeprecated(false)).versions())
			.extracting(SecretVersionsListEntry::versionId)
			.containsExactlyInAnyOrder(v2, v3);
		assertThat(client().listSecretVersionIds((r) -> r.secretId(name).includeDeprecated(true)).versions())
			.extracting(SecretVersionsListEntry::versionId)
			.containsExactlyInAnyOrder(v1, v2, v3);
	}

	@Test
	void readingAVersionSetsItsLastAccessedDateToTheDay() {
		String name = uniqueName("versions");
		String v1 = client().createSecret((r) -> r.name(name).secretString("one")).versionId();
		String v2 = client().putSecretValue((r) -> r.secretId(name).secretString("two")).versionId();
		client().getSecretValue((r) -> r.secretId(name).versionId(v1));
		List<SecretVersionsListEntry> versions = client().listSecretVersionIds((r) -> r.secretId(name)).versions();
		SecretVersionsListEntry read = versions.stream().filter((v) -> v.versionId().equals(v1)).findFirst().get();
		SecretVersionsListEntry unread = versions.stream().filter((v) -> v.versionId().equals(v2)).findFirst().get();
		assertThat(read.lastAccessedDate()).isNotNull().isEqualTo(read.lastAccessedDate().truncatedTo(ChronoUnit.DAYS));
		assertThat(unread.lastAccessedDate()).isNull();
	}

	@Test
	void pagesThroughAllVersions() {
		String name = uniqueName("versions");
		List<String> created = new ArrayList<>();
		created.add(client().createSecret((r) -> r.name(name).secretString("v0")).versionId());
		for (int i = 1; i < 5; i++) {
			String value = "v" + i;
			created.add(client().putSecretValue((r) -> r.secretId(name).secretString(value)).versionId());
		}
		List<String> seen = new ArrayList<>();
		String token = null;
		int pages = 0;
		do {
			String nextToken = token;
			ListSecretVersionIdsResponse page = client().listSecretVersionIds(
					(r) -> r.secretId(name).includeDeprecated(true).maxResults(2).nextToken(nextToken));
			assertThat(page.versions()).hasSizeLessThanOrEqualTo(2);
			page.versions().forEach((entry) -> seen.add(entry.versionId()));
			token = page.nextToken();
			pages++;
		}
		while (token != null && pages < 10);
		assertThat(token).isNull();
		assertThat(pages).isEqualTo(3);
		assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
	}

	@Test
	void paginatorCollectsEveryVersion() {
		String name = uniqueName("versions");
		List<String> created = new ArrayList<>();
		created.add(client().createSecret((r) -> r.name(name).secretString("v0")).versionId());
		for (int i = 1; i < 3; i++) {
			String value = "v" + i;
			created.add(client().putSecretValue((r) -> r.secretId(name).secretString(value)).versionId());
		}
		assertThat(client().listSecretVersionIdsPaginator((r) -> r.secretId(name).includeDeprecated(true).maxResults(1))
			.stream()
			.flatMap((page) -> page.versions().stream())
			.map(SecretVersionsListEntry::versionId)).containsExactlyInAnyOrderElementsOf(created);
	}

	@Test
	void tokenNotIssuedByTheServiceIsInvalidNextToken() {
		String name = uniqueName("versions");
		client().createSecret((r) -> r.name(name).secretString("one"));
		assertThatExceptionOfType(InvalidNextTokenException.class)
			.isThrownBy(() -> client().listSecretVersionIds((r) -> r.secretId(name).nextToken("not-a-token")));
	}

	@Test
	void maxResultsOutsideOneToHundredIsAValidationError() {
		String name = uniqueName("versions");
		client().createSecret((r) -> r.name(name).secretString("one"));
		for (int maxResults : new int[] { 0, 101 }) {
			assertThatExceptionOfType(SecretsManagerException.class)
				.isThrownBy(() -> client().listSecretVersionIds((r) -> r.secretId(name).maxResults(maxResults)))
				.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
		}
	}

	@Test
	void unknownSecretIsResourceNotFound() {
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> client().listSecretVersionIds((r) -> r.secretId(uniqueName("missing"))));
	}

}
