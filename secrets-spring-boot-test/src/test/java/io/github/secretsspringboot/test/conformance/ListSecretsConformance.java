package io.github.secretsspringboot.test.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.InvalidNextTokenException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SortByType;
import software.amazon.awssdk.services.secretsmanager.model.SortOrderType;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * ListSecrets. The target is shared with other scenarios, so every listing filters on a
 * name prefix of its own.
 */
abstract class ListSecretsConformance extends ConformanceScenarios {

	@Test
	void entryDescribesSecretWithoutItsValue() {
		String prefix = uniqueName("ls-entry");
		CreateSecretResponse created = client().createSecret((r) -> r.name(prefix + "/db")
			.secretString("{\"password\":\"p\"}")
			.description("Primary database")
			.tags(tag("team", "payments")));
		List<SecretListEntry> entries = list((r) -> r.filters(name(prefix)));
		assertThat(entries).singleElement().satisfies((entry) -> {
			assertThat(entry.arn()).isEqualTo(created.arn());
			assertThat(entry.name()).isEqualTo(prefix + "/db");
			assertThat(entry.description()).isEqualTo("Primary database");
			assertThat(entry.tags()).containsExactly(tag("team", "payments"));
			assertThat(entry.secretVersionsToStages()).containsOnlyKeys(created.versionId());
			assertThat(entry.secretVersionsToStages().get(created.versionId())).containsExactly("AWSCURRENT");
			assertThat(entry.createdDate()).isNotNull();
			assertThat(entry.lastChangedDate()).isNotNull();
			assertThat(entry.deletedDate()).isNull();
			assertThat(entry.kmsKeyId()).isNull();
		});
	}

	@Test
	void nameFilterIsCaseSensitivePrefix() {
		String prefix = uniqueName("ls-name");
		create(prefix + "/app/db");
		create(prefix + "/app/api");
		create(prefix + "/other");
		assertThat(names((r) -> r.filters(name(prefix + "/app/")))).containsExactlyInAnyOrder(prefix + "/app/db",
				prefix + "/app/api");
		assertThat(names((r) -> r.filters(name(prefix.toUpperCase())))).isEmpty();
		assertThat(names((r) -> r.filters(name("app/db")))).doesNotContain(prefix + "/app/db");
	}

	@Test
	void negatedValueExcludesWhatItMatches() {
		String prefix = uniqueName("ls-not");
		create(prefix + "/app/db");
		create(prefix + "/app/api");
		create(prefix + "/other");
		assertThat(names((r) -> r.filters(name(prefix), name("!" + prefix + "/app/"))))
			.containsExactly(prefix + "/other");
	}

	@Test
	void valuesOfOneFilterAreAlternatives() {
		String prefix = uniqueName("ls-or");
		create(prefix + "/a");
		create(prefix + "/b");
		create(prefix + "/c");
		assertThat(names((r) -> r.filters(name(prefix + "/a", prefix + "/c")))).containsExactlyInAnyOrder(prefix + "/a",
				prefix + "/c");
	}

	@Test
	void tagKeyAndTagValueFiltersArePrefixes() {
		String prefix = uniqueName("ls-tag");
		client().createSecret((r) -> r.name(prefix + "/pay").secretString("v").tags(tag("team", "payments")));
		client().createSecret((r) -> r.name(prefix + "/bill").secretString("v").tags(tag("team", "billing")));
		client().createSecret((r) -> r.name(prefix + "/none").secretString("v"));
		assertThat(names((r) -> r.filters(name(prefix), filter(FilterNameStringType.TAG_VALUE, "pay"))))
			.containsExactly(prefix + "/pay");
		assertThat(names((r) -> r.filters(name(prefix), filter(FilterNameStringType.TAG_KEY, "tea"))))
			.containsExactlyInAnyOrder(prefix + "/pay", prefix + "/bill");
		assertThat(names((r) -> r.filters(name(prefix), filter(FilterNameStringType.TAG_VALUE, "Pay")))).isEmpty();
	}

	@Test
	void descriptionFilterIgnoresCase() {
		String prefix = uniqueName("ls-desc");
		client().createSecret((r) -> r.name(prefix + "/db").secretString("v").description("Database credentials"));
		client().createSecret((r) -> r.name(prefix + "/api").secretString("v").description("API key"));
		assertThat(names((r) -> r.filters(name(prefix), filter(FilterNameStringType.DESCRIPTION, "database"))))
			.containsExactly(prefix + "/db");
		assertThat(names((r) -> r.filters(name(prefix), filter(FilterNameStringType.DESCRIPTION, "!database"))))
			.containsExactly(prefix + "/api");
	}

	@Test
	void allFilterSearchesNameDescriptionAndTags() {
		String prefix = uniqueName("ls-all");
		client().createSecret((r) -> r.name(prefix + "/one").secretString("v").description("Orders database"));
		client().createSecret((r) -> r.name(prefix + "/two").secretString("v").tags(tag("purpose", "orders")));
		client().createSecret((r) -> r.name(prefix + "/three").secretString("v").description("Invoices"));
		assertThat(names((r) -> r.filters(name(prefix), filter(FilterNameStringType.ALL, "ORDERS"))))
			.containsExactlyInAnyOrder(prefix + "/one", prefix + "/two");
	}

	@Test
	void pagesCoverEverySecretOnce() {
		String prefix = uniqueName("ls-page");
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add(create(prefix + "/s" + i));
		}
		List<ListSecretsResponse> pages = pages(
				(token) -> client().listSecrets((r) -> r.filters(name(prefix)).maxResults(2).nextToken(token)),
				ListSecretsResponse::nextToken);
		assertThat(pages).allSatisfy((page) -> assertThat(page.secretList()).hasSizeLessThanOrEqualTo(2));
		assertThat(pages).flatExtracting(ListSecretsResponse::secretList)
			.extracting(SecretListEntry::name)
			.containsExactlyInAnyOrderElementsOf(created);
		assertThat(pages).hasSizeGreaterThanOrEqualTo(3);
	}

	@Test
	void paginatorListsEverySecret() {
		String prefix = uniqueName("ls-paginator");
		for (int i = 0; i < 3; i++) {
			create(prefix + "/s" + i);
		}
		List<String> listed = client().listSecretsPaginator((r) -> r.filters(name(prefix)).maxResults(1))
			.stream()
			.flatMap((page) -> page.secretList().stream())
			.map(SecretListEntry::name)
			.toList();
		assertThat(listed).containsExactlyInAnyOrder(prefix + "/s0", prefix + "/s1", prefix + "/s2");
	}

	@Test
	void sortOrderOrdersByCreationDate() {
		String prefix = uniqueName("ls-sort");
		List<String> created = List.of(create(prefix + "/first"), create(prefix + "/second"),
				create(prefix + "/third"));
		assertThat(names((r) -> r.filters(name(prefix)).sortOrder(SortOrderType.ASC)))
			.containsExactlyElementsOf(created);
		assertThat(names((r) -> r.filters(name(prefix)).sortOrder(SortOrderType.DESC))).containsExactly(created.get(2),
				created.get(1), created.get(0));
	}

	@Test
	void sortByNameOrdersByName() {
		String prefix = uniqueName("ls-sortname");
		create(prefix + "/b");
		create(prefix + "/c");
		create(prefix + "/a");
		assertThat(names((r) -> r.filters(name(prefix)).sortBy(SortByType.NAME).sortOrder(SortOrderType.ASC)))
			.containsExactly(prefix + "/a", prefix + "/b", prefix + "/c");
		assertThat(names((r) -> r.filters(name(prefix)).sortBy(SortByType.NAME).sortOrder(SortOrderType.DESC)))
			.containsExactly(prefix + "/c", prefix + "/b", prefix + "/a");
	}

	@Test
	void secretsScheduledForDeletionAreListedOnlyOnRequest() {
		String prefix = uniqueName("ls-deleted");
		create(prefix + "/kept");
		create(prefix + "/deleted");
		client().deleteSecret((r) -> r.secretId(prefix + "/deleted"));
		assertThat(names((r) -> r.filters(name(prefix)))).containsExactly(prefix + "/kept");
		List<SecretListEntry> all = list((r) -> r.filters(name(prefix)).includePlannedDeletion(true));
		assertThat(all).extracting(SecretListEntry::name)
			.containsExactlyInAnyOrder(prefix + "/kept", prefix + "/deleted");
		assertThat(all).filteredOn((entry) -> entry.name().endsWith("/deleted"))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.deletedDate()).isNotNull());
	}

	@Test
	void unknownNextTokenIsInvalidNextToken() {
		assertThatExceptionOfType(InvalidNextTokenException.class)
			.isThrownBy(() -> client().listSecrets((r) -> r.nextToken("not-a-token-we-were-given")))
			.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(400));
	}

	private String create(String name) {
		client().createSecret((r) -> r.name(name).secretString("value"));
		return name;
	}

	private List<SecretListEntry> list(Consumer<ListSecretsRequest.Builder> request) {
		return client().listSecrets(request).secretList();
	}

	private List<String> names(Consumer<ListSecretsRequest.Builder> request) {
		return list(request).stream().map(SecretListEntry::name).toList();
	}

	static Filter name(String... values) {
		return filter(FilterNameStringType.NAME, values);
	}

	static Filter filter(FilterNameStringType key, String... values) {
		return Filter.builder().key(key).values(values).build();
	}

	static Tag tag(String key, String value) {
		return Tag.builder().key(key).value(value).build();
	}

}
