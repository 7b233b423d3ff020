package io.github.secretsspringboot.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;

/**
 * The query-string options of an {@code aws-secret:} import.
 *
 * @param prefix the prefix of every property name, ending in a dot, or {@code null}
 * @param key the one key of a JSON secret to take, or {@code null} for all keys
 * @param as the property name of a plaintext secret or of the one key, or {@code null}
 * @param versionStage the staging label to read, or {@code null} for AWSCURRENT
 * @param versionId the version id to read, or {@code null}
 * @param format how the value maps to properties
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public record SecretImportOptions(@Nullable String prefix, @Nullable String key, @Nullable String as,
		@Nullable String versionStage, @Nullable String versionId, SecretFormat format) {

	static final SecretImportOptions NONE = new SecretImportOptions(null, null, null, null, null,
			SecretFormat.PROPERTIES);

	/**
	 * The options as a query string, for names and messages; empty when there are none.
	 */
	String describe() {
		Map<String, String> written = new LinkedHashMap<>();
		if (this.prefix != null) {
			written.put("prefix", this.prefix.substring(0, this.prefix.length() - 1));
		}
		written.put("key", this.key);
		written.put("as", this.as);
		written.put("version-stage", this.versionStage);
		written.put("version-id", this.versionId);
		if (this.format != SecretFormat.PROPERTIES) {
			written.put("format", this.format.optionValue());
		}
		StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
		written.forEach((name, value) -> {
			if (value != null) {
				query.add(name + "=" + value);
			}
		});
		return query.toString();
	}

}
