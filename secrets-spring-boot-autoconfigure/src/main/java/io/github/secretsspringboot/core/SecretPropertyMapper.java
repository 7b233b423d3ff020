package io.github.secretsspringboot.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;

/**
 * Maps a secret's value to properties as its import asks: a JSON object's keys flattened
 * ({@code a.b.c}, arrays as {@code a[0]}) so that {@code @ConfigurationProperties} bind
 * them; one key of it; a plaintext or binary (Base64) value as one property; or
 * DataSource properties. Public so that the refresher maps a new version exactly as the
 * import did.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public final class SecretPropertyMapper {

	private SecretPropertyMapper() {
	}

	/**
	 * Maps one version of a secret to the properties its import asks for.
	 * @param secretImport the import, whose options say how the value maps
	 * @param value the version to map
	 * @return the properties, in the order of the secret's keys
	 * @throws SecretImportException with {@link SecretErrorKind#INVALID_CONTENT} when the
	 * value cannot be mapped as asked; its message never contains the value
	 */
	public static Map<String, Object> map(SecretImport secretImport, SecretValue value) {
		SecretImportOptions options = secretImport.getOptions();
		String secretId = secretImport.getSecretId();
		String prefix = (options.prefix() != null) ? options.prefix() : "";
		if (options.format() == SecretFormat.DATASOURCE) {
			Map<String, Object> object = jsonObject(value).orElseThrow(() -> SecretImportException.content(secretId,
					"format=datasource needs a JSON object in the RDS format, and the value is not one",
					"Store the secret as JSON with engine, host, port, dbname, username and password keys."));
			return DatabaseSecretFormat.properties(secretId, object,
					(options.prefix() != null) ? options.prefix() : DatabaseSecretFormat.DEFAULT_PREFIX);
		}
		if (options.key() != null) {
			return oneKey(secretId, value, options.key(),
					prefix + ((options.as() != null) ? options.as() : options.key()));
		}
		Optional<Map<String, Object>> object = jsonObject(value);
		if (object.isPresent()) {
			if (options.as() != null) {
				throw SecretImportException.content(secretId,
						"'as' names one property but the secret holds a JSON " + "object",
						"Use prefix= to place all of its keys, or key= with as= to take one key.");
			}
			Map<String, Object> properties = new LinkedHashMap<>();
			flatten(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), object.get(), properties);
			return properties;
		}
		String name = prefix + ((options.as() != null) ? options.as() : lastSegment(value.name()));
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(name, value.text());
		return properties;
	}

	// A value that is not binary is a string.
	@SuppressWarnings("NullAway")
	private static Map<String, Object> oneKey(String secretId, SecretValue value, String key, String name) {
		if (value.isBinary()) {
			throw SecretImportException.content(secretId, "key=" + key + " asks for a key, but the secret is binary",
					"Remove key= to import the binary value as one Base64 property.");
		}
		Object json;
		try {
			json = SecretJson.read(value.secretString());
		}
		catch (JacksonException ex) {
			// The parser's message can quote the value: report only where it failed.
			throw SecretImportException.content(secretId,
					"key=" + key + " asks for a key, but the value is not " + "valid JSON (at line "
							+ ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")",
					"Fix the secret's JSON, or remove key= to import it as text.");
		}
		if (!(json instanceof Map<?, ?>)) {
			throw SecretImportException.content(secretId,
					"key=" + key + " asks for a key, but the value is JSON " + "without keys",
					"Store the secret as a JSON object, or remove key=.");
		}
		Map<String, Object> object = SecretJson.asObject(json);
		if (!object.containsKey(key)) {
			throw SecretImportException.content(secretId,
					"it has no key '" + key + "' (its keys are " + String.join(", ", object.keySet()) + ")",
					"Fix key= in the import, or add the key to the secret.");
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		flatten(name, object.get(key), properties);
		return properties;
	}

	/** The value as a JSON object, if it is one; any other text is plaintext. */
	// A value that is not binary is a string.
	@SuppressWarnings("NullAway")
	private static Optional<Map<String, Object>> jsonObject(SecretValue value) {
		return value.isBinary() ? Optional.empty() : SecretJson.readObject(value.secretString());
	}

	private static void flatten(String name, Object value, Map<String, Object> properties) {
		if (value instanceof Map<?, ?> object) {
			for (Map.Entry<?, ?> entry : object.entrySet()) {
				flatten(name.isEmpty() ? (String) entry.getKey() : name + "." + entry.getKey(), entry.getValue(),
						properties);
			}
		}
		else if (value instanceof List<?> array) {
			for (int i = 0; i < array.size(); i++) {
				flatten(name + "[" + i + "]", array.get(i), properties);
			}
		}
		else {
			properties.put(name, (value != null) ? value : "");
		}
	}

	/** {@code prod/myapp/api-key} becomes {@code api-key}. */
	static String lastSegment(String secretName) {
		int slash = secretName.lastIndexOf('/');
		return (slash >= 0) ? secretName.substring(slash + 1) : secretName;
	}

}
