package io.github.secretsspringboot.test.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tag validation and rendering, shared by CreateSecret, TagResource, DescribeSecret and
 * ListSecrets.
 */
final class Tags {

	static final int MAX_TAGS = 50;

	private Tags() {
	}

	/**
	 * The {@code Tags} member: keys 1 to 128 characters, values up to 256, no
	 * {@code aws:} prefix.
	 */
	static Parsed read(Request request) {
		Map<String, String> tags = new LinkedHashMap<>();
		for (Request tag : request.objects("Tags")) {
			String key = tag.requiredString("Key", 1, 128);
			String value = tag.string("Value", 0, 256);
			checkNotReserved(key);
			tags.put(key, (value != null) ? value : "");
		}
		if (tags.size() > MAX_TAGS) {
			throw SecretsManagerErrors.validation("1 validation error detected: Value at 'tags' failed to satisfy "
					+ "constraint: Member must have length less than or equal to " + MAX_TAGS);
		}
		return new Parsed(tags);
	}

	/**
	 * The {@code TagKeys} member of UntagResource: keys of 1 to 128 characters, no
	 * {@code aws:} prefix.
	 */
	static List<String> readKeys(Request request) {
		List<String> keys = request.strings("TagKeys", 0, Integer.MAX_VALUE, 1, 128);
		for (String key : keys) {
			checkNotReserved(key);
		}
		return keys;
	}

	static void write(ObjectNode target, StoredSecret secret) {
		if (secret.tags().isEmpty()) {
			return;
		}
		ArrayNode tags = target.putArray("Tags");
		secret.tags().forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
	}

	private static void checkNotReserved(String key) {
		if (key.toLowerCase().startsWith("aws:")) {
			throw SecretsManagerErrors.invalidParameter("Tag keys prefixed with aws: are reserved for AWS use.");
		}
	}

	/** Tags read from a request, applied only once the whole request is valid. */
	record Parsed(Map<String, String> tags) {

		void applyTo(StoredSecret secret) {
			Map<String, String> merged = new LinkedHashMap<>(secret.tags());
			merged.putAll(this.tags);
			if (merged.size() > MAX_TAGS) {
				throw SecretsManagerErrors.limitExceeded("A secret can have at most " + MAX_TAGS + " tags.");
			}
			secret.tags().putAll(this.tags);
		}

		/**
		 * Adds the tags to an existing secret (TagResource). The reference lists no
		 * {@code LimitExceededException} for TagResource, so going over the limit is an
		 * invalid parameter there.
		 */
		void addTo(StoredSecret secret) {
			Map<String, String> merged = new LinkedHashMap<>(secret.tags());
			merged.putAll(this.tags);
			if (merged.size() > MAX_TAGS) {
				throw SecretsManagerErrors.invalidParameter("A secret can have at most " + MAX_TAGS + " tags; these "
						+ "tags would bring secret " + secret.name() + " to " + merged.size() + ".");
			}
			secret.tags().putAll(this.tags);
		}

	}

}
