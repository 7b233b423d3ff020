package io.github.secretsspringboot.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.github.secretsspringboot.Withheld.assertWithheld;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link SecretPropertyMapper}: how each form of value becomes properties, and
 * that a value that cannot be mapped fails without showing it.
 */
class SecretPropertyMapperTests {

	private static final String CANARY = "canary-7f3a9c-mapper";

	@Test
	void aJsonObjectIsFlattenedInTheOrderOfItsKeys() {
		Map<String, Object> properties = map("aws-secret:prod/app",
				"{\"db\": {\"user\": \"app\", \"port\": 5432}, \"hosts\": [\"a\", {\"b\": true}], \"none\": null}");
		assertThat(properties).containsExactly(entry("db.user", "app"), entry("db.port", "5432"),
				entry("hosts[0]", "a"), entry("hosts[1].b", "true"), entry("none", ""));
	}

	@Test
	void aPrefixGoesBeforeEveryKey() {
		assertThat(map("aws-secret:prod/app?prefix=my.app", "{\"user\": \"app\", \"list\": [1]}"))
			.containsExactly(entry("my.app.user", "app"), entry("my.app.list[0]", "1"));
	}

	@Test
	void plaintextIsOnePropertyNamedAfterTheLastSegmentOfTheSecretName() {
		assertThat(map("aws-secret:prod/app/api-key", "plain " + CANARY))
			.containsExactly(entry("api-key", "plain " + CANARY));
		assertThat(SecretPropertyMapper.lastSegment("single")).isEqualTo("single");
	}

	@Test
	void plaintextTakesTheNameGivenByAsAfterThePrefix() {
		assertThat(map("aws-secret:prod/app/api-key?prefix=stripe&as=key", "text"))
			.containsExactly(entry("stripe.key", "text"));
	}

	@Test
	void textThatIsNotAJsonObjectIsPlaintext() {
		assertThat(map("aws-secret:list", "[1, 2]")).containsExactly(entry("list", "[1, 2]"));
		assertThat(map("aws-secret:broken", "{\"a\": ")).containsExactly(entry("broken", "{\"a\": "));
	}

	@Test
	void aBinaryValueIsOneBase64Property() {
		SecretImport secretImport = SecretImportParser.parse("aws-secret:certs/keystore", false).get(0);
		SecretValue value = new SecretValue("certs/keystore", "arn:keystore", "v1", List.of("AWSCURRENT"),
				Instant.EPOCH, null, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
		assertThat(SecretPropertyMapper.map(secretImport, value)).containsExactly(entry("keystore", "eyJhIjoxfQ=="));
	}

	@Test
	void oneKeyIsTakenUnderItsOwnNameOrTheNameGivenByAs() {
		String json = "{\"api_key\": \"k\", \"other\": \"o\", \"nested\": {\"a\": [\"x\"]}}";
		assertThat(map("aws-secret:app?key=api_key", json)).containsExactly(entry("api_key", "k"));
		assertThat(map("aws-secret:app?key=api_key&as=stripe.key&prefix=pay", json))
			.containsExactly(entry("pay.stripe.key", "k"));
		assertThat(map("aws-secret:app?key=nested", json)).containsExactly(entry("nested.a[0]", "x"));
	}

	@Test
	void asOverAJsonObjectFailsWithWhatToDoInstead() {
		assertContentFailure("aws-secret:app?as=one", "{\"a\": \"" + CANARY + "\"}",
				"'as' names one property but the secret holds a JSON object",
				"Use prefix= to place all of its keys, or key= with as= to take one key.");
	}

	@Test
	void aMissingKeyFailsNamingTheKeysThereAre() {
		assertContentFailure("aws-secret:app?key=passwd", "{\"user\": \"u\", \"password\": \"" + CANARY + "\"}",
				"it has no key 'passwd' (its keys are user, password)", "Fix key= in the import");
	}

	@Test
	void aKeyOfMalformedJsonFailsWithTheLocationOnly() {
		assertContentFailure("aws-secret:app?key=password", "{\"password\": \"" + CANARY + "\" oops}",
				"the value is not valid JSON (at line 1, column", "Fix the secret's JSON");
	}

	@Test
	void aKeyOfJsonWithoutKeysFails() {
		assertContentFailure("aws-secret:app?key=password", "[\"" + CANARY + "\"]", "the value is JSON without keys",
				"Store the secret as a JSON object");
	}

	@Test
	void aKeyOfABinarySecretFails() {
		SecretImport secretImport = SecretImportParser.parse("aws-secret:app?key=a", false).get(0);
		SecretValue value = new SecretValue("app", "arn:app", "v1", List.of(), Instant.EPOCH, null,
				CANARY.getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(SecretImportException.class)
			.isThrownBy(() -> SecretPropertyMapper.map(secretImport, value))
			.withMessageContaining("key=a asks for a key, but the secret is binary");
	}

	@Test
	void formatDatasourceMapsAnRdsSecretToDataSourceProperties() {
		assertThat(map("aws-secret:db?format=datasource",
				"{\"engine\": \"postgres\", \"host\": \"db.local\", \"port\": 6543, \"dbname\": \"orders\", "
						+ "\"username\": \"app\", \"password\": \"pw\"}"))
			.containsExactly(entry("spring.datasource.url", "jdbc:postgresql://db.local:6543/orders"),
					entry("spring.datasource.username", "app"), entry("spring.datasource.password", "pw"));
		assertThat(map("aws-secret:db?format=datasource&prefix=app.reports",
				"{\"engine\": \"mysql\", \"host\": \"h\", \"username\": \"u\", \"password\": \"p\"}"))
			.containsOnlyKeys("app.reports.url", "app.reports.username", "app.reports.password")
			.containsEntry("app.reports.url", "jdbc:mysql://h:3306/");
	}

	@Test
	void formatDatasourceOfTextFails() {
		assertContentFailure("aws-secret:db?format=datasource", CANARY,
				"format=datasource needs a JSON object in the RDS format, and the value is not one",
				"Store the secret as JSON with engine, host, port, dbname, username and password keys.");
	}

	private static Map<String, Object> map(String location, String secretString) {
		SecretImport secretImport = SecretImportParser.parse(location, false).get(0);
		return SecretPropertyMapper.map(secretImport, value(secretImport, secretString));
	}

	private static SecretValue value(SecretImport secretImport, String secretString) {
		return new SecretValue(secretImport.getSecretId(), "arn:" + secretImport.getSecretId(), "v1",
				List.of("AWSCURRENT"), Instant.EPOCH, secretString, null);
	}

	private static void assertContentFailure(String location, String secretString, String problem, String action) {
		SecretImport secretImport = SecretImportParser.parse(location, false).get(0);
		assertThatExceptionOfType(SecretImportException.class)
			.isThrownBy(() -> SecretPropertyMapper.map(secretImport, value(secretImport, secretString)))
			.satisfies((ex) -> {
				assertThat(ex.getSecretId()).isEqualTo(secretImport.getSecretId());
				assertThat(ex.getMessage())
					.startsWith("Secret '" + secretImport.getSecretId() + "' cannot be imported as asked: ")
					.contains(problem);
				assertThat(ex.getAction()).contains(action);
				assertWithheld(CANARY, "The message", ex.getMessage());
				assertWithheld(CANARY, "The action", ex.getAction());
			});
	}

}
