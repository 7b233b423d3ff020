package io.github.secretsspringboot.test.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code Filters} member of ListSecrets and BatchGetSecretValue, read with the
 * constraints of the API reference's {@code Filter} type and matched against secrets.
 * <p>
 * Filters combine with AND, the values of one filter with OR. A value that starts with
 * {@code !} excludes the secrets its remainder matches. {@code name}, {@code tag-key},
 * {@code tag-value}, {@code primary-region} and {@code owning-service} match prefixes,
 * case-sensitively. {@code description} and {@code all} are word searches without regard
 * to case: every word of the value must start a word of one attribute, as Secrets
 * Manager's search splits text into words ({@code credsDatabase#892} is {@code creds},
 * {@code database} and {@code 892}).
 */
final class SecretFilters {

	static final int MAX_FILTERS = 10;

	static final int MAX_VALUES = 10;

	static final int MAX_VALUE_LENGTH = 512;

	private static final Pattern VALUE = Pattern.compile("^!?[a-zA-Z0-9 :_@/+=.\\-!]*$");

	/**
	 * Word boundaries: any non-alphanumeric run, a lower-to-upper case change, a
	 * letter-digit change.
	 */
	private static final Pattern WORD_BOUNDARY = Pattern.compile("[^\\p{Alnum}]+|(?<=\\p{Ll})(?=\\p{Lu})"
			+ "|(?<=\\p{Lu})(?=\\p{Lu}\\p{Ll})|(?<=\\p{Alpha})(?=\\p{Digit})|(?<=\\p{Digit})(?=\\p{Alpha})");

	private static final SecretFilters NONE = new SecretFilters(List.of());

	private final List<Filter> filters;

	private SecretFilters(List<Filter> filters) {
		this.filters = filters;
	}

	/** The request's {@code Filters}; none when the member is absent or an empty list. */
	static SecretFilters read(Request request) {
		List<Request> members = request.objects("Filters");
		if (members.size() > MAX_FILTERS) {
			throw SecretsManagerErrors.validation("1 validation error detected: Value at 'filters' failed to satisfy "
					+ "constraint: Member must have length less than or equal to " + MAX_FILTERS);
		}
		if (members.isEmpty()) {
			return NONE;
		}
		List<Filter> filters = new ArrayList<>();
		for (int i = 0; i < members.size(); i++) {
			filters.add(readFilter(members.get(i), "filters." + (i + 1) + ".member"));
		}
		return new SecretFilters(List.copyOf(filters));
	}

	boolean isEmpty() {
		return this.filters.isEmpty();
	}

	boolean matches(StoredSecret secret) {
		for (Filter filter : this.filters) {
			if (!filter.matches(secret)) {
				return false;
			}
		}
		return true;
	}

	private static Filter readFilter(Request member, String path) {
		String keyName = member.string("Key");
		if (keyName == null) {
			throw SecretsManagerErrors.invalidParameter("Each filter needs a Key.");
		}
		Key key = Key.of(keyName);
		if (key == null) {
			throw SecretsManagerErrors.validation("1 validation error detected: Value '" + keyName + "' at '" + path
					+ ".key' failed to satisfy constraint: Member must satisfy enum value set: " + Key.names());
		}
		List<String> values = member.strings("Values");
		if (values.isEmpty()) {
			throw SecretsManagerErrors.invalidParameter("Invalid filter values for key: " + key.apiName);
		}
		if (values.size() > MAX_VALUES) {
			throw SecretsManagerErrors.validation("1 validation error detected: Value at '" + path + ".values' failed "
					+ "to satisfy constraint: Member must have length less than or equal to " + MAX_VALUES);
		}
		List<String> included = new ArrayList<>();
		List<String> excluded = new ArrayList<>();
		for (String value : values) {
			if (value.length() > MAX_VALUE_LENGTH || !VALUE.matcher(value).matches()) {
				throw SecretsManagerErrors.validation("1 validation error detected: Value at '" + path + ".values' "
						+ "failed to satisfy constraint: Member must satisfy constraint: [Member must have length less "
						+ "than or equal to " + MAX_VALUE_LENGTH + ", Member must satisfy regular expression pattern: "
						+ VALUE.pattern() + "]");
			}
			if (value.startsWith("!")) {
				excluded.add(value.substring(1));
			}
			else {
				included.add(value);
			}
		}
		return new Filter(key, List.copyOf(included), List.copyOf(excluded));
	}

	/** The words Secrets Manager's search sees in {@code text}, lower case. */
	private static List<String> words(String text) {
		return Arrays.stream(WORD_BOUNDARY.split(text))
			.filter((word) -> !word.isEmpty())
			.map((word) -> word.toLowerCase(Locale.ROOT))
			.toList();
	}

	/** Whether every word of {@code value} starts some word of {@code text}. */
	private static boolean wordsMatch(String value, String text) {
		List<String> wanted = words(value);
		if (wanted.isEmpty()) {
			return false;
		}
		List<String> present = words(text);
		for (String word : wanted) {
			if (present.stream().noneMatch((candidate) -> candidate.startsWith(word))) {
				return false;
			}
		}
		return true;
	}

	private record Filter(Key key, List<String> included, List<String> excluded) {

		boolean matches(StoredSecret secret) {
			List<String> attributes = this.key.attributes(secret);
			for (String value : this.excluded) {
				if (this.key.matchesAny(value, attributes)) {
					return false;
				}
			}
			if (this.included.isEmpty()) {
				return true;
			}
			for (String value : this.included) {
				if (this.key.matchesAny(value, attributes)) {
					return true;
				}
			}
			return false;
		}

	}

	private enum Key {

		DESCRIPTION("description", true),

		NAME("name", false),

		TAG_KEY("tag-key", false),

		TAG_VALUE("tag-value", false),

		PRIMARY_REGION("primary-region", false),

		OWNING_SERVICE("owning-service", false),

		ALL("all", true);

		private final String apiName;

		private final boolean wordSearch;

		Key(String apiName, boolean wordSearch) {
			this.apiName = apiName;
			this.wordSearch = wordSearch;
		}

		static Key of(String apiName) {
			for (Key key : values()) {
				if (key.apiName.equals(apiName)) {
					return key;
				}
			}
			return null;
		}

		static String names() {
			return Arrays.stream(values()).map((key) -> key.apiName).collect(Collectors.joining(", ", "[", "]"));
		}

		/**
		 * The attribute values this key searches. The emulator neither replicates secrets
		 * nor lets other services own them, so no secret has a primary region or owning
		 * service.
		 */
		List<String> attributes(StoredSecret secret) {
			List<String> attributes = new ArrayList<>();
			switch (this) {
				case NAME -> attributes.add(secret.name());
				case DESCRIPTION -> addIfPresent(attributes, secret.description());
				case TAG_KEY -> attributes.addAll(secret.tags().keySet());
				case TAG_VALUE -> attributes.addAll(secret.tags().values());
				case ALL -> {
					attributes.add(secret.name());
					addIfPresent(attributes, secret.description());
					attributes.addAll(secret.tags().keySet());
					attributes.addAll(secret.tags().values());
				}
				case PRIMARY_REGION, OWNING_SERVICE -> {
				}
			}
			return attributes;
		}

		/**
		 * Matches within one attribute: the words of an {@code all} search must all be in
		 * the same field.
		 */
		boolean matchesAny(String value, List<String> attributes) {
			for (String attribute : attributes) {
				if (this.wordSearch ? wordsMatch(value, attribute) : attribute.startsWith(value)) {
					return true;
				}
			}
			return false;
		}

		private static void addIfPresent(List<String> attributes, String value) {
			if (value != null) {
				attributes.add(value);
			}
		}

	}

}
