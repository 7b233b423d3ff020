package io.github.secretsspringboot.test.emulator;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The body of one control API request, read member by member. A missing or malformed
 * member is an {@link IllegalArgumentException} whose message the handler answers with a
 * 400.
 */
final class ControlRequest {

	private final ObjectMapper json;

	private final byte[] body;

	private JsonNode object;

	ControlRequest(ObjectMapper json, byte[] body) {
		this.json = json;
		this.body = body;
	}

	/** The raw body, for documents passed on as they are (seeds). */
	InputStream body() {
		return new ByteArrayInputStream(this.body);
	}

	/** Whether the body has the member, with a value other than {@code null}. */
	boolean has(String member) {
		JsonNode node = object().get(member);
		return node != null && !node.isNull();
	}

	String requiredString(String member) {
		JsonNode node = object().get(member);
		if (node == null || !node.isString() || node.asString().isEmpty()) {
			throw new IllegalArgumentException("\"" + member + "\" is required and must be a non-empty string");
		}
		return node.asString();
	}

	long requiredLong(String member, long min, long max) {
		JsonNode node = object().get(member);
		if (node == null || !node.isIntegralNumber() || node.longValue() < min || node.longValue() > max) {
			throw new IllegalArgumentException(
					"\"" + member + "\" is required and must be an integer from " + min + " to " + max);
		}
		return node.longValue();
	}

	double requiredDouble(String member, double min, double max) {
		JsonNode node = object().get(member);
		if (node == null || !node.isNumber() || node.doubleValue() < min || node.doubleValue() > max) {
			throw new IllegalArgumentException(
					"\"" + member + "\" is required and must be a number from " + min + " to " + max);
		}
		return node.doubleValue();
	}

	/**
	 * An enum constant by name, ignoring case; {@code defaultValue} when the member is
	 * absent.
	 */
	<E extends Enum<E>> E enumValue(String member, Class<E> type, E defaultValue) {
		JsonNode node = object().get(member);
		if (node == null || node.isNull()) {
			if (defaultValue == null) {
				throw new IllegalArgumentException("\"" + member + "\" is required; one of " + names(type));
			}
			return defaultValue;
		}
		if (node.isString()) {
			String name = node.asString().toUpperCase(Locale.ROOT).replace('-', '_');
			for (E constant : type.getEnumConstants()) {
				if (constant.name().equals(name)) {
					return constant;
				}
			}
		}
		throw new IllegalArgumentException("\"" + member + "\" must be one of " + names(type));
	}

	/** A list of strings; empty when the member is absent. */
	List<String> strings(String member) {
		JsonNode node = object().get(member);
		List<String> values = new ArrayList<>();
		if (node == null || node.isNull()) {
			return values;
		}
		if (!node.isArray()) {
			throw new IllegalArgumentException("\"" + member + "\" must be an array of strings");
		}
		for (JsonNode element : node) {
			if (!element.isString()) {
				throw new IllegalArgumentException("\"" + member + "\" must be an array of strings");
			}
			values.add(element.asString());
		}
		return values;
	}

	/** The body as a JSON object; an empty body is an empty object. */
	private JsonNode object() {
		if (this.object == null) {
			this.object = parse();
		}
		return this.object;
	}

	private JsonNode parse() {
		if (this.body.length == 0) {
			return this.json.createObjectNode();
		}
		JsonNode node;
		try {
			node = this.json.readTree(this.body);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("The request body is not valid JSON");
		}
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException("The request body must be a JSON object");
		}
		return node;
	}

	private static <E extends Enum<E>> String names(Class<E> type) {
		return Arrays.toString(type.getEnumConstants());
	}

}
