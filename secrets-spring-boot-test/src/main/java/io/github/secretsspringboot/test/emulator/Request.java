package io.github.secretsspringboot.test.emulator;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeType;

/**
 * The JSON body of one request, read member by member with the type and length
 * constraints of the API reference. A violated constraint is a
 * {@code ValidationException}.
 */
final class Request {

	private final JsonNode body;

	Request(JsonNode body) {
		this.body = body;
	}

	boolean has(String member) {
		JsonNode node = this.body.get(member);
		return node != null && !node.isNull();
	}

	String string(String member) {
		JsonNode node = member(member, (value) -> value.getNodeType() == JsonNodeType.STRING, "a string");
		return (node != null) ? node.asString() : null;
	}

	String string(String member, int minLength, int maxLength) {
		String value = string(member);
		if (value != null && (value.length() < minLength || value.length() > maxLength)) {
			throw SecretsManagerErrors.validation("1 validation error detected: Value at '" + lowerFirst(member)
					+ "' failed to satisfy constraint: Member must have length between " + minLength + " and "
					+ maxLength);
		}
		return value;
	}

	String requiredString(String member, int minLength, int maxLength) {
		String value = string(member, minLength, maxLength);
		if (value == null) {
			throw SecretsManagerErrors.validation("1 validation error detected: Value null at '" + lowerFirst(member)
					+ "' failed to satisfy constraint: Member must not be null");
		}
		return value;
	}

	/** {@code SecretId}: a name or ARN, 1 to 2048 characters. */
	String secretId() {
		return requiredString("SecretId", 1, 2048);
	}

	/** {@code ClientRequestToken}, 32 to 64 characters, or {@code null} when absent. */
	String clientRequestToken() {
		return string("ClientRequestToken", 32, 64);
	}

	/** {@code VersionId} members have the same constraints as request tokens. */
	String versionId(String member) {
		return string(member, 32, 64);
	}

	Boolean bool(String member) {
		JsonNode node = member(member, JsonNode::isBoolean, "a boolean");
		return (node != null) ? node.booleanValue() : null;
	}

	boolean bool(String member, boolean defaultValue) {
		Boolean value = bool(member);
		return (value != null) ? value : defaultValue;
	}

	Long number(String member, long min, long max) {
		JsonNode node = member(member, JsonNode::isIntegralNumber, "an integer");
		if (node == null) {
			return null;
		}
		long value = node.longValue();
		if (value < min || value > max) {
			throw SecretsManagerErrors
				.validation("1 validation error detected: Value '" + value + "' at '" + lowerFirst(member)
						+ "' failed to satisfy constraint: Member must have value between " + min + " and " + max);
		}
		return value;
	}

	/** A blob member, Base64 in JSON. */
	byte[] blob(String member) {
		String encoded = string(member);
		if (encoded == null) {
			return null;
		}
		try {
			return Base64.getDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			throw SecretsManagerErrors.serialization("Member " + member + " must be Base64");
		}
	}

	/** A structure member, or {@code null} when absent. */
	Request object(String member) {
		JsonNode node = member(member, JsonNode::isObject, "a structure");
		return (node != null) ? new Request(node) : null;
	}

	List<Request> objects(String member) {
		List<Request> result = new ArrayList<>();
		for (JsonNode element : array(member)) {
			if (!element.isObject()) {
				throw SecretsManagerErrors.serialization("Elements of " + member + " must be objects");
			}
			result.add(new Request(element));
		}
		return result;
	}

	List<String> strings(String member) {
		List<String> result = new ArrayList<>();
		for (JsonNode element : array(member)) {
			if (element.getNodeType() != JsonNodeType.STRING) {
				throw SecretsManagerErrors.serialization("Elements of " + member + " must be strings");
			}
			result.add(element.asString());
		}
		return result;
	}

	/**
	 * A list of strings with the list and element constraints of the API reference, or
	 * {@code null} when absent (an absent list and an empty one mean different things to
	 * members such as {@code VersionStages}).
	 */
	List<String> strings(String member, int minItems, int maxItems, int minLength, int maxLength) {
		if (!has(member)) {
			return null;
		}
		List<String> values = strings(member);
		if (values.size() < minItems || values.size() > maxItems) {
			throw SecretsManagerErrors.validation("1 validation error detected: Value '" + values + "' at '"
					+ lowerFirst(member) + "' failed to satisfy constraint: Member must have length between " + minItems
					+ " and " + maxItems);
		}
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i);
			if (value.length() < minLength || value.length() > maxLength) {
				throw SecretsManagerErrors.validation("1 validation error detected: Value '" + value + "' at '"
						+ lowerFirst(member) + "." + (i + 1) + ".member' failed to satisfy constraint: "
						+ "Member must have length between " + minLength + " and " + maxLength);
			}
		}
		return values;
	}

	/**
	 * A required list member: absent is a {@code ValidationException}, as for required
	 * strings.
	 */
	void require(String member) {
		if (!has(member)) {
			throw SecretsManagerErrors.validation("1 validation error detected: Value null at '" + lowerFirst(member)
					+ "' failed to satisfy constraint: Member must not be null");
		}
	}

	/** The array member, or an empty list when absent. */
	private List<JsonNode> array(String member) {
		JsonNode node = member(member, JsonNode::isArray, "a list");
		List<JsonNode> elements = new ArrayList<>();
		if (node != null) {
			node.forEach(elements::add);
		}
		return elements;
	}

	/**
	 * A member's node, or {@code null} when absent or JSON {@code null}. A node of
	 * another type than {@code type} cannot be deserialized, a
	 * {@code SerializationException}.
	 */
	private JsonNode member(String member, Predicate<JsonNode> type, String typeName) {
		JsonNode node = this.body.get(member);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!type.test(node)) {
			throw SecretsManagerErrors.serialization("Member " + member + " must be " + typeName);
		}
		return node;
	}

	private static String lowerFirst(String member) {
		return Character.toLowerCase(member.charAt(0)) + member.substring(1);
	}

}
