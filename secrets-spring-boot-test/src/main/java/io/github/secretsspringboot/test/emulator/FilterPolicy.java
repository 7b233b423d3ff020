package io.github.secretsspringboot.test.emulator;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An SNS subscription filter policy, as AWS documents it: keys are ANDed, the values of a
 * key are ORed, {@code "$or"} ORs whole sub-policies; values are exact strings, numbers,
 * {@code null} and booleans or one of the operators {@code prefix}, {@code suffix},
 * {@code equals-ignore-case}, {@code anything-but}, {@code exists} and {@code numeric}.
 * With the {@code MessageBody} scope keys may nest to match nested JSON; with
 * {@code MessageAttributes} they name message attributes and may not nest. Constraints
 * checked as AWS does: at most 5 keys, at most 150 value combinations, at most 256 KB.
 */
final class FilterPolicy {

	static final String SCOPE_BODY = "MessageBody";

	static final String SCOPE_ATTRIBUTES = "MessageAttributes";

	static final int MAX_COMBINATIONS = 150;

	static final int MAX_KEYS = 5;

	static final int MAX_BYTES = 256 * 1024;

	private static final String OR = "$or";

	private final ObjectNode policy;

	private final boolean body;

	private FilterPolicy(ObjectNode policy, boolean body) {
		this.policy = policy;
		this.body = body;
	}

	/**
	 * Parses and checks a policy.
	 * @throws EmulatorServiceException {@code InvalidParameter} as SNS answers it
	 */
	static FilterPolicy parse(ObjectMapper json, String text, String scope) {
		if (!SCOPE_BODY.equals(scope) && !SCOPE_ATTRIBUTES.equals(scope)) {
			throw SnsErrors.invalidParameter("FilterPolicyScope: Invalid value [" + scope
					+ "]. Please use either MessageBody or MessageAttributes");
		}
		if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw SnsErrors.invalidParameter("FilterPolicy: Filter policy is too large");
		}
		JsonNode tree;
		try {
			tree = json.readTree(text);
		}
		catch (JacksonException ex) {
			throw SnsErrors.invalidParameter("FilterPolicy: failed to parse JSON.");
		}
		if (!(tree instanceof ObjectNode object)) {
			throw SnsErrors.invalidParameter("FilterPolicy: Filter policy must be a JSON object");
		}
		boolean body = SCOPE_BODY.equals(scope);
		checkObject(object, body, 1);
		if (keys(object) > MAX_KEYS) {
			throw SnsErrors.invalidParameter("FilterPolicy: Filter policy can not have more than 5 keys");
		}
		if (combinations(object) > MAX_COMBINATIONS) {
			throw SnsErrors.invalidParameter("FilterPolicy: Filter policy is too complex");
		}
		return new FilterPolicy(object, body);
	}

	/** Whether a message body matches; a body that is not JSON matches no body policy. */
	boolean matchesBody(ObjectMapper json, String message) {
		JsonNode tree;
		try {
			tree = json.readTree(message);
		}
		catch (JacksonException ex) {
			return false;
		}
		return tree.isObject() && matchesObject(this.policy, tree);
	}

	/**
	 * Whether message attributes match: {@code String} and {@code Number} attributes are
	 * compared as such, {@code String.Array} ones element by element, {@code Binary} ones
	 * never.
	 */
	boolean matchesAttributes(ObjectMapper json, Map<String, EmulatorTopics.MessageAttribute> attributes) {
		ObjectNode values = JsonNodeFactory.instance.objectNode();
		attributes.forEach((name, attribute) -> {
			JsonNode value = attributeValue(json, attribute);
			if (value != null) {
				values.set(name, value);
			}
		});
		return matchesObject(this.policy, values);
	}

	boolean isBodyScope() {
		return this.body;
	}

	private static @Nullable JsonNode attributeValue(ObjectMapper json, EmulatorTopics.MessageAttribute attribute) {
		String type = attribute.dataType();
		String value = attribute.stringValue();
		if (value == null) {
			return null;
		}
		if (type.startsWith("String.Array")) {
			try {
				JsonNode array = json.readTree(value);
				return array.isArray() ? array : null;
			}
			catch (JacksonException ex) {
				return null;
			}
		}
		if (type.startsWith("Number")) {
			try {
				return JsonNodeFactory.instance.numberNode(new BigDecimal(value));
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		if (type.startsWith("String")) {
			return JsonNodeFactory.instance.stringNode(value);
		}
		return null;
	}

	// Checking

	private static void checkObject(ObjectNode object, boolean body, int depth) {
		if (object.isEmpty() && depth > 1) {
			throw SnsErrors.invalidParameter("FilterPolicy: Filter policy objects must not be empty");
		}
		for (Map.Entry<String, JsonNode> entry : object.properties()) {
			String key = entry.getKey();
			JsonNode value = entry.getValue();
			if (isOr(key, value)) {
				for (JsonNode branch : value.values()) {
					checkObject((ObjectNode) branch, body, depth);
				}
			}
			else if (value.isObject()) {
				if (!body) {
					throw SnsErrors.invalidParameter(
							"FilterPolicy: Filter policy scope MessageAttributes does not support nested filter policy");
				}
				checkObject((ObjectNode) value, body, depth + 1);
			}
			else if (value.isArray()) {
				if (value.isEmpty()) {
					throw SnsErrors.invalidParameter("FilterPolicy: Empty arrays are not allowed");
				}
				for (JsonNode condition : value.values()) {
					checkCondition(key, condition);
				}
			}
			else {
				throw SnsErrors
					.invalidParameter("FilterPolicy: Match value must be String, number, true, false, or null");
			}
		}
	}

	private static boolean isOr(String key, JsonNode value) {
		if (!OR.equals(key) || !value.isArray() || value.size() < 2) {
			return false;
		}
		for (JsonNode branch : value.values()) {
			if (!branch.isObject()) {
				return false;
			}
		}
		return true;
	}

	private static void checkCondition(String key, JsonNode condition) {
		if (condition.isString() || condition.isNumber() || condition.isNull() || condition.isBoolean()) {
			return;
		}
		if (!condition.isObject() || condition.size() != 1) {
			throw SnsErrors.invalidParameter("FilterPolicy: Match value must be String, number, true, false, or null");
		}
		String operator = condition.propertyNames().iterator().next();
		JsonNode operand = condition.get(operator);
		boolean valid = switch (operator) {
			case "prefix", "suffix", "equals-ignore-case" -> operand.isString();
			case "exists" -> operand.isBoolean();
			case "anything-but" -> validAnythingBut(operand);
			case "numeric" -> validNumeric(operand);
			default -> throw SnsErrors.invalidParameter("FilterPolicy: Unrecognized match type " + operator);
		};
		if (!valid) {
			throw SnsErrors.invalidParameter("FilterPolicy: Invalid value for " + operator + " of " + key);
		}
	}

	private static boolean validAnythingBut(JsonNode operand) {
		if (operand.isString() || operand.isNumber()) {
			return true;
		}
		if (operand.isArray()) {
			if (operand.isEmpty()) {
				return false;
			}
			for (JsonNode value : operand.values()) {
				if (!value.isString() && !value.isNumber()) {
					return false;
				}
			}
			return true;
		}
		if (operand.isObject() && operand.size() == 1) {
			JsonNode prefix = operand.get("prefix");
			JsonNode suffix = operand.get("suffix");
			return (prefix != null && prefix.isString()) || (suffix != null && suffix.isString());
		}
		return false;
	}

	private static boolean validNumeric(JsonNode operand) {
		if (!operand.isArray() || (operand.size() != 2 && operand.size() != 4)) {
			return false;
		}
		for (int i = 0; i < operand.size(); i += 2) {
			JsonNode operator = operand.get(i);
			if (!operator.isString() || !List.of("=", "<", "<=", ">", ">=").contains(operator.asString())
					|| !operand.get(i + 1).isNumber()) {
				return false;
			}
		}
		return operand.size() == 2 || operand.get(0).asString().startsWith(">");
	}

	/**
	 * The value combinations: the product of the array sizes, nested keys included; the
	 * branches of an {@code "$or"} add up.
	 */
	static long combinations(ObjectNode object) {
		long product = 1;
		for (Map.Entry<String, JsonNode> entry : object.properties()) {
			JsonNode value = entry.getValue();
			if (isOr(entry.getKey(), value)) {
				long sum = 0;
				for (JsonNode branch : value.values()) {
					sum += combinations((ObjectNode) branch);
				}
				product *= sum;
			}
			else if (value.isObject()) {
				product *= combinations((ObjectNode) value);
			}
			else {
				product *= value.size();
			}
		}
		return product;
	}

	/**
	 * The leaf keys that one message has to match, at most, over the {@code $or}
	 * branches.
	 */
	static int keys(ObjectNode object) {
		int keys = 0;
		for (Map.Entry<String, JsonNode> entry : object.properties()) {
			JsonNode value = entry.getValue();
			if (isOr(entry.getKey(), value)) {
				int max = 0;
				for (JsonNode branch : value.values()) {
					max = Math.max(max, keys((ObjectNode) branch));
				}
				keys += max;
			}
			else if (value.isObject()) {
				keys += keys((ObjectNode) value);
			}
			else {
				keys++;
			}
		}
		return keys;
	}

	// Matching

	private static boolean matchesObject(ObjectNode policy, JsonNode node) {
		for (Map.Entry<String, JsonNode> entry : policy.properties()) {
			if (!matchesEntry(entry.getKey(), entry.getValue(), node)) {
				return false;
			}
		}
		return true;
	}

	private static boolean matchesEntry(String key, JsonNode rule, JsonNode node) {
		if (isOr(key, rule)) {
			for (JsonNode branch : rule.values()) {
				if (matchesObject((ObjectNode) branch, node)) {
					return true;
				}
			}
			return false;
		}
		JsonNode value = node.isObject() ? node.get(key) : null;
		if (rule.isObject()) {
			// A nested key matches a nested object, or any object of an array.
			if (value == null) {
				return false;
			}
			if (value.isArray()) {
				for (JsonNode element : value.values()) {
					if (element.isObject() && matchesObject((ObjectNode) rule, element)) {
						return true;
					}
				}
				return false;
			}
			return value.isObject() && matchesObject((ObjectNode) rule, value);
		}
		for (JsonNode condition : rule.values()) {
			if (matchesLeaf(condition, value)) {
				return true;
			}
		}
		return false;
	}

	private static boolean matchesLeaf(JsonNode condition, @Nullable JsonNode value) {
		if (condition.isObject() && condition.has("exists")) {
			boolean present = value != null && !(value.isArray() && value.isEmpty()) && !value.isObject();
			return condition.get("exists").asBoolean() == present;
		}
		if (value == null || value.isObject()) {
			return false;
		}
		if (value.isArray()) {
			if (isAnythingBut(condition)) {
				// anything-but holds when no element is excluded.
				for (JsonNode element : value.values()) {
					if (!matchesScalar(condition, element)) {
						return false;
					}
				}
				return !value.isEmpty();
			}
			for (JsonNode element : value.values()) {
				if (matchesScalar(condition, element)) {
					return true;
				}
			}
			return false;
		}
		return matchesScalar(condition, value);
	}

	private static boolean isAnythingBut(JsonNode condition) {
		return condition.isObject() && condition.has("anything-but");
	}

	private static boolean matchesScalar(JsonNode condition, JsonNode value) {
		if (condition.isString()) {
			return value.isString() && value.asString().equals(condition.asString());
		}
		if (condition.isNumber()) {
			return value.isNumber() && value.decimalValue().compareTo(condition.decimalValue()) == 0;
		}
		if (condition.isNull()) {
			return value.isNull();
		}
		if (condition.isBoolean()) {
			return value.isBoolean() && value.asBoolean() == condition.asBoolean();
		}
		String operator = condition.propertyNames().iterator().next();
		JsonNode operand = condition.get(operator);
		return switch (operator) {
			case "prefix" -> value.isString() && value.asString().startsWith(operand.asString());
			case "suffix" -> value.isString() && value.asString().endsWith(operand.asString());
			case "equals-ignore-case" -> value.isString() && value.asString().equalsIgnoreCase(operand.asString());
			case "anything-but" -> !excluded(operand, value);
			case "numeric" -> value.isNumber() && numeric(operand, value.decimalValue());
			default -> false;
		};
	}

	private static boolean excluded(JsonNode operand, JsonNode value) {
		if (operand.isObject()) {
			JsonNode prefix = operand.get("prefix");
			if (prefix != null) {
				return value.isString() && value.asString().startsWith(prefix.asString());
			}
			return value.isString() && value.asString().endsWith(operand.get("suffix").asString());
		}
		List<JsonNode> excluded = new ArrayList<>();
		if (operand.isArray()) {
			operand.values().forEach(excluded::add);
		}
		else {
			excluded.add(operand);
		}
		for (JsonNode candidate : excluded) {
			if (matchesScalar(candidate, value)) {
				return true;
			}
		}
		return false;
	}

	private static boolean numeric(JsonNode operand, BigDecimal value) {
		for (int i = 0; i < operand.size(); i += 2) {
			int comparison = value.compareTo(operand.get(i + 1).decimalValue());
			boolean holds = switch (operand.get(i).asString()) {
				case "=" -> comparison == 0;
				case "<" -> comparison < 0;
				case "<=" -> comparison <= 0;
				case ">" -> comparison > 0;
				default -> comparison >= 0;
			};
			if (!holds) {
				return false;
			}
		}
		return true;
	}

	@Override
	public String toString() {
		return this.policy.toString();
	}

}
