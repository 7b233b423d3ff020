package io.github.secretsspringboot.core;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.github.secretsspringboot.Withheld.assertWithheld;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SecretPropertySource}: its stable name, the one-step swap of its
 * contents, and that nothing it prints holds a value.
 */
class SecretPropertySourceTests {

	private static final String CANARY = "canary-9b8a7c-source";

	private final SecretImport secretImport = SecretImportParser.parse("aws-secret:prod/app?prefix=app", false).get(0);

	@Test
	void theNameIsTheImportAsWrittenAndThePropertiesThoseOfTheVersion() {
		SecretPropertySource source = new SecretPropertySource(this.secretImport, version("v1"),
				properties("app.user", "u", "app.password", CANARY));
		assertThat(source.getName()).isEqualTo("aws-secret:prod/app?prefix=app");
		assertThat(source.getSecretImport()).isSameAs(this.secretImport);
		assertThat(source.isLoaded()).isTrue();
		assertThat(source.getVersion().versionId()).isEqualTo("v1");
		assertThat(source.getPropertyNames()).containsExactly("app.user", "app.password");
		assertThat(source.getProperty("app.password")).isEqualTo(CANARY);
		assertThat(source.containsProperty("app.user")).isTrue();
		assertThat(source.containsProperty("app.other")).isFalse();
	}

	@Test
	void anUpdateReplacesVersionAndPropertiesTogetherUnderTheSameName() {
		SecretPropertySource source = new SecretPropertySource(this.secretImport, version("v1"),
				properties("app.user", "u", "app.password", "old"));
		SecretPropertySource.Contents before = source.getSource();
		source.update(version("v2"), properties("app.password", "new", "app.added", "x"));
		assertThat(source.getName()).isEqualTo("aws-secret:prod/app?prefix=app");
		assertThat(source.getVersion().versionId()).isEqualTo("v2");
		assertThat(source.getPropertyNames()).containsExactly("app.password", "app.added");
		assertThat(source.getProperty("app.user")).isNull();
		assertThat(before.version().versionId()).isEqualTo("v1");
		assertThat(before.properties()).containsEntry("app.password", "old");
	}

	@Test
	void contentsAreACopyThatCannotBeChanged() {
		Map<String, Object> properties = properties("app.user", "u");
		SecretPropertySource source = new SecretPropertySource(this.secretImport, version("v1"), properties);
		properties.put("app.user", "changed");
		assertThat(source.getProperty("app.user")).isEqualTo("u");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> source.getSource().properties().put("app.user", "x"));
	}

	@Test
	void anOptionalImportNotLoadedHoldsNoPropertiesUntilUpdated() {
		SecretPropertySource source = SecretPropertySource.notLoaded(this.secretImport);
		assertThat(source.isLoaded()).isFalse();
		assertThat(source.getVersion()).isNull();
		assertThat(source.getPropertyNames()).isEmpty();
		assertThat(source)
			.hasToString("SecretPropertySource {name='aws-secret:prod/app?prefix=app', version=none, properties=[]}");
		source.update(version("v1"), properties("app.user", "u"));
		assertThat(source.isLoaded()).isTrue();
		assertThat(source.getProperty("app.user")).isEqualTo("u");
	}

	@Test
	void toStringAndTheSourceObjectNamePropertiesNeverValues() {
		SecretPropertySource source = new SecretPropertySource(this.secretImport, version("v1"),
				properties("app.password", CANARY));
		assertThat(source).hasToString(
				"SecretPropertySource {name='aws-secret:prod/app?prefix=app', version=v1, properties=[app.password]}");
		assertThat(source.getSource()).hasToString("version=v1, properties=[app.password]");
		assertWithheld(CANARY, "The version", source.getSource().version());
	}

	private static SecretValue version(String versionId) {
		return new SecretValue("prod/app", "arn:prod/app", versionId, List.of("AWSCURRENT"), Instant.EPOCH,
				"{\"user\": \"u\", \"password\": \"" + CANARY + "\"}", null);
	}

	private static Map<String, Object> properties(String... namesAndValues) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			properties.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return properties;
	}

}
