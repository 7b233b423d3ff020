package io.github.secretsspringboot.test.rotation;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Secret values that are JSON objects, as the rotation functions read and write them.
 * Errors never repeat the text, which is secret.
 */
final class SecretJson {

	static final JsonMapper json = JsonMapper.builder().build();

	private SecretJson() {
	}

	/**
	 * Reads a {@code SecretString} that must be a JSON object.
	 * @throws IllegalArgumentException if it is not; the message never repeats the text
	 */
	static ObjectNode parseObject(String secretString) {
		JsonNode node;
		try {
			node = json.readTree(secretString);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("The secret value is not valid JSON");
		}
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException("The secret value is not a JSON object");
		}
		return (ObjectNode) node;
	}

}
