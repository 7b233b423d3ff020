package io.github.secretsspringboot.test.emulator;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * ListSecrets below the protocol: states and constraints that the conformance scenarios
 * cannot reach.
 */
class ListSecretsOperationTests {

	private final OperationFixture fixture = new OperationFixture();

	@Test
	void secretScheduledForDeletionIsListedWithDeletedDateOnlyOnRequest() {
		this.fixture.create("kept", "v");
		this.fixture.create("deleted", "v");
		this.fixture.scheduleDeletion("deleted");
		assertThat(names(this.fixture.invoke("ListSecrets", "{}"))).containsExactly("kept");
		ObjectNode all = this.fixture.invoke("ListSecrets", "{\"IncludePlannedDeletion\":true}");
		assertThat(names(all)).containsExactly("kept", "deleted");
		assertThat(all.get("SecretList").get(0).has("DeletedDate")).isFalse();
		assertThat(all.get("SecretList").get(1).get("DeletedDate").isNumber()).isTrue();
	}

	@Test
	void entryListsTagsAsEmptyArrayAndOmitsAbsentMembers() {
		this.fixture.create("plain", "v");
		JsonNode entry = this.fixture.invoke("ListSecrets", "{}").get("SecretList").get(0);
		assertThat(entry.get("Tags").isArray()).isTrue();
		assertThat(entry.get("Tags").size()).isZero();
		assertThat(entry.has("Description")).isFalse();
		assertThat(entry.has("KmsKeyId")).isFalse();
		assertThat(entry.has("RotationEnabled")).isFalse();
		assertThat(entry.has("LastAccessedDate")).isFalse();
		assertThat(entry.has("SecretString")).isFalse();
	}

	@Test
	void entryHasThePrimaryRegionAndLeavesOutEmptyDescriptionAndKeyAsDescribeSecretDoes() {
		this.fixture.invoke("CreateSecret",
				"{\"Name\":\"empty\",\"SecretString\":\"v\",\"Description\":\"\",\"KmsKeyId\":\"\"}");
		JsonNode entry = this.fixture.invoke("ListSecrets", "{}").get("SecretList").get(0);
		ObjectNode described = this.fixture.invoke("DescribeSecret", "{\"SecretId\":\"empty\"}");
		assertThat(entry.get("PrimaryRegion").asString()).isEqualTo("us-east-1")
			.isEqualTo(described.get("PrimaryRegion").asString());
		assertThat(entry.has("Description")).isFalse();
		assertThat(entry.has("KmsKeyId")).isFalse();
		assertThat(described.has("Description")).isFalse();
		assertThat(described.has("KmsKeyId")).isFalse();
	}

	@Test
	void allFilterSplitsCamelCaseAndDigits() {
		this.fixture.create("credsDatabase892", "v");
		this.fixture.create("other", "v");
		assertThat(names(list("[{\"Key\":\"all\",\"Values\":[\"database\"]}]"))).containsExactly("credsDatabase892");
		assertThat(names(list("[{\"Key\":\"all\",\"Values\":[\"892\"]}]"))).containsExactly("credsDatabase892");
		assertThat(names(list("[{\"Key\":\"all\",\"Values\":[\"creds 89\"]}]"))).containsExactly("credsDatabase892");
		assertThat(names(list("[{\"Key\":\"all\",\"Values\":[\"atabase\"]}]"))).isEmpty();
	}

	@Test
	void descriptionWordsMustEachStartAWord() {
		this.fixture.invoke("CreateSecret", "{\"Name\":\"one\",\"SecretString\":\"v\",\"Description\":\"a secret\"}");
		this.fixture.invoke("CreateSecret", "{\"Name\":\"two\",\"SecretString\":\"v\",\"Description\":\"an secret\"}");
		this.fixture.invoke("CreateSecret", "{\"Name\":\"three\",\"SecretString\":\"v\",\"Description\":\"asecret\"}");
		assertThat(names(list("[{\"Key\":\"description\",\"Values\":[\"a secret\"]}]"))).containsExactly("one", "two");
		assertThat(names(list("[{\"Key\":\"description\",\"Values\":[\"!a\"]}]"))).isEmpty();
	}

	@Test
	void secretWithoutTheSearchedAttributeIsMatchedOnlyByNegation() {
		this.fixture.create("untagged", "v");
		assertThat(names(list("[{\"Key\":\"tag-key\",\"Values\":[\"env\"]}]"))).isEmpty();
		assertThat(names(list("[{\"Key\":\"tag-key\",\"Values\":[\"!env\"]}]"))).containsExactly("untagged");
	}

	@Test
	void pageTokensWalkTheWholeList() {
		for (int i = 0; i < 7; i++) {
			this.fixture.create("s" + i, "v");
		}
		List<String> listed = new ArrayList<>();
		String token = null;
		do {
			String request = (token != null) ? "{\"MaxResults\":3,\"NextToken\":\"" + token + "\"}"
					: "{\"MaxResults\":3}";
			ObjectNode page = this.fixture.invoke("ListSecrets", request);
			listed.addAll(names(page));
			token = page.has("NextToken") ? page.get("NextToken").asString() : null;
		}
		while (token != null);
		assertThat(listed).containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6");
	}

	@Test
	void constraintViolationsAreValidationErrors() {
		assertError("{\"MaxResults\":0}", "ValidationException");
		assertError("{\"MaxResults\":101}", "ValidationException");
		assertError("{\"SortOrder\":\"up\"}", "ValidationException");
		assertError("{\"SortBy\":\"size\"}", "ValidationException");
		assertError("{\"Filters\":[{\"Key\":\"colour\",\"Values\":[\"x\"]}]}", "ValidationException");
		assertError("{\"Filters\":[{\"Key\":\"name\",\"Values\":[\"a*\"]}]}", "ValidationException");
		assertError("{\"Filters\":[{\"Key\":\"name\",\"Values\":[]}]}", "InvalidParameterException");
		assertError("{\"Filters\":[" + "{\"Key\":\"name\",\"Values\":[\"x\"]},".repeat(10)
				+ "{\"Key\":\"name\",\"Values\":[\"x\"]}]}", "ValidationException");
		assertError("{\"NextToken\":\"bm9wZQ\"}", "InvalidNextTokenException");
	}

	private ObjectNode list(String filters) {
		return this.fixture.invoke("ListSecrets", "{\"Filters\":" + filters + "}");
	}

	private void assertError(String request, String errorCode) {
		assertThatExceptionOfType(EmulatorServiceException.class)
			.isThrownBy(() -> this.fixture.invoke("ListSecrets", request))
			.satisfies((ex) -> assertThat(ex.errorCode()).as(request).isEqualTo(errorCode));
	}

	private static List<String> names(ObjectNode response) {
		List<String> names = new ArrayList<>();
		response.get("SecretList").forEach((entry) -> names.add(entry.get("Name").asString()));
		return names;
	}

}
