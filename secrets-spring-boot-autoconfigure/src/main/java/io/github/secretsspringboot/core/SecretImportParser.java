package io.github.secretsspringboot.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Parses the value of an {@code aws-secret:} import: one or more secrets separated by
 * {@code ;}, each optionally prefixed with {@code optional:}, each with options as a
 * query string, for example
 * {@code aws-secret:prod/app/db?format=datasource;optional:prod/app/stripe?key=api_key&as=stripe.key}.
 *
 * @author secrets-spring-boot
 */
final class SecretImportParser {

	static final String PREFIX = SecretImport.PREFIX;

	private static final String OPTIONAL_PREFIX = "optional:";

	private static final Set<String> OPTIONS = Set.of("prefix", "key", "as", "version-stage", "version-id", "format");

	private static final Pattern ARN = Pattern
		.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");

	private SecretImportParser() {
	}

	/**
	 * Parses {@code value} (starting with {@code aws-secret:}); {@code optional} is
	 * whether the whole import was marked optional.
	 */
	static List<SecretImport> parse(String value, boolean optional) {
		if (!value.startsWith(PREFIX)) {
			throw SecretImportException.invalidImport(value, "it does not start with '" + PREFIX + "'");
		}
		List<SecretImport> imports = new ArrayList<>();
		for (String element : value.substring(PREFIX.length()).split(";", -1)) {
			imports.add(parseElement(element.trim(), optional));
		}
		return imports;
	}

	private static SecretImport parseElement(String element, boolean optional) {
		String remainder = element;
		boolean elementOptional = optional;
		if (remainder.startsWith(OPTIONAL_PREFIX)) {
			elementOptional = true;
			remainder = remainder.substring(OPTIONAL_PREFIX.length());
		}
		if (remainder.startsWith(PREFIX)) {
			remainder = remainder.substring(PREFIX.length());
		}
		int query = remainder.indexOf('?');
		String secretId = (query >= 0) ? remainder.substring(0, query) : remainder;
		checkSecretId(element, secretId);
		SecretImportOptions options = (query >= 0) ? parseOptions(element, remainder.substring(query + 1))
				: SecretImportOptions.NONE;
		return new SecretImport(secretId, elementOptional, options);
	}

	private static void checkSecretId(String element, String secretId) {
		if (secretId.isEmpty()) {
			throw SecretImportException.invalidImport(PREFIX + element, "it names no secret");
		}
		if (secretId.startsWith("arn:")) {
			if (!ARN.matcher(secretId).matches()) {
				throw SecretImportException.invalidImport(PREFIX + element, "'" + secretId
						+ "' is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)");
			}
		}
		else if (!NAME.matcher(secretId).matches()) {
			throw SecretImportException.invalidImport(PREFIX + element,
					"'" + secretId + "' is not a valid secret name (1 to 512 letters, digits and /_+=.@- characters)");
		}
	}

	private static SecretImportOptions parseOptions(String element, String query) {
		Map<String, String> values = new HashMap<>();
		for (String pair : query.split("&", -1)) {
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			if (!OPTIONS.contains(name)) {
				throw SecretImportException.invalidImport(PREFIX + element,
						"'" + name + "' is not an option; use prefix, key, as, version-stage, version-id or format");
			}
			String value = (equals >= 0) ? decode(element, name, pair.substring(equals + 1)) : "";
			if (value.isEmpty()) {
				throw SecretImportException.invalidImport(PREFIX + element, "option '" + name + "' has no value");
			}
			if (values.putIfAbsent(name, value) != null) {
				throw SecretImportException.invalidImport(PREFIX + element, "option '" + name + "' is given twice");
			}
		}
		SecretFormat format = format(element, values.get("format"));
		String prefix = propertyName(element, "prefix", values.get("prefix"));
		String as = propertyName(element, "as", values.get("as"));
		String versionId = values.get("version-id");
		if (versionId != null && (versionId.length() < 32 || versionId.length() > 64)) {
			throw SecretImportException.invalidImport(PREFIX + element,
					"option 'version-id' must be a version id of 32 to 64 characters");
		}
		if (format == SecretFormat.DATASOURCE && (values.containsKey("key") || as != null)) {
			throw SecretImportException.invalidImport(PREFIX + element,
					"options 'key' and 'as' cannot be combined with 'format=datasource'");
		}
		return new SecretImportOptions((prefix != null) ? prefix + "." : null, values.get("key"), as,
				values.get("version-stage"), versionId, format);
	}

	/**
	 * Decodes {@code %XX} escapes (UTF-8). Unlike form decoding, a {@code +} stays a
	 * plus: JSON keys and staging labels may contain one, and users write it as it is.
	 */
	private static String decode(String element, String option, String value) {
		if (value.indexOf('%') < 0) {
			return value;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) != '%') {
				int end = Character.offsetByCodePoints(value, i, 1);
				bytes.writeBytes(value.substring(i, end).getBytes(StandardCharsets.UTF_8));
				i = end - 1;
				continue;
			}
			int high = (i + 2 < value.length()) ? Character.digit(value.charAt(i + 1), 16) : -1;
			int low = (high >= 0) ? Character.digit(value.charAt(i + 2), 16) : -1;
			if (low < 0) {
				throw SecretImportException.invalidImport(PREFIX + element, "option '" + option
						+ "' has a '%' that does not start an escape such as %2B; write a literal '%' as %25");
			}
			bytes.write((high << 4) + low);
			i += 2;
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private static SecretFormat format(String element, @Nullable String value) {
		if (value == null) {
			return SecretFormat.PROPERTIES;
		}
		for (SecretFormat format : SecretFormat.values()) {
			if (format.optionValue().equals(value.toLowerCase(Locale.ROOT))) {
				return format;
			}
		}
		throw SecretImportException.invalidImport(PREFIX + element,
				"option 'format' must be 'datasource' or 'properties', not '" + value + "'");
	}

	/**
	 * A property name option, without a trailing dot, checked to be a valid property
	 * name.
	 */
	private static @Nullable String propertyName(String element, String option, @Nullable String value) {
		if (value == null) {
			return null;
		}
		String name = value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
		if (!ConfigurationPropertyName.isValid(name)) {
			throw SecretImportException.invalidImport(PREFIX + element, "option '" + option + "' value '" + value
					+ "' is not a valid property name (lower-case letters, digits, '-' and '.')");
		}
		return name;
	}

}
