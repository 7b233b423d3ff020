package io.github.secretsspringboot.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a secret's JSON text into plain Java values: objects as insertion-ordered maps,
 * arrays as lists, scalars as the text the secret holds ({@code 5432}, {@code true}),
 * JSON {@code null} as {@code null}. Streaming Jackson is enough for that, and keeps
 * Jackson's data-binding layer (some five hundred classes) out of the application's
 * start-up, where secrets are read.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public final class SecretJson {

	private static final JsonFactory FACTORY = new JsonFactory();

	private SecretJson() {
	}

	/**
	 * Reads a JSON document.
	 * @param text the JSON text
	 * @return the document's value
	 * @throws JacksonException when the text is not one well-formed JSON value; as the
	 * parser's message can quote the text, report only
	 * {@link JacksonException#getLocation()}
	 */
	public static @Nullable Object read(String text) {
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				throw new StreamReadException(parser, "No JSON value");
			}
			Object value = value(parser, first);
			if (parser.nextToken() != null) {
				throw new StreamReadException(parser, "More than one JSON value");
			}
			return value;
		}
	}

	/**
	 * Reads a JSON object, if the text is one; any other text, well-formed JSON or not,
	 * gives nothing.
	 * @param text the text
	 * @return the object's members, in the order of the text
	 */
	// Text that starts with { is an object or fails to parse.
	@SuppressWarnings("NullAway")
	public static Optional<Map<String, Object>> readObject(String text) {
		if (!text.strip().startsWith("{")) {
			return Optional.empty();
		}
		try {
			return Optional.of(asObject(read(text)));
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The scalar value of a member of an object, as text.
	 * @param object the object
	 * @param key the member's name
	 * @return the member's text, or {@code null} when it is missing, {@code null}, an
	 * object or an array
	 */
	public static @Nullable String text(Map<String, Object> object, String key) {
		return (object.get(key) instanceof String text) ? text : null;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> asObject(Object value) {
		return (Map<String, Object>) value;
	}

	private static @Nullable Object value(JsonParser parser, JsonToken token) {
		switch (token) {
			case START_OBJECT:
				Map<String, Object> object = new LinkedHashMap<>();
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String name = parser.currentName();
					object.put(name, value(parser, parser.nextToken()));
				}
				return object;
			case START_ARRAY:
				List<Object> array = new ArrayList<>();
				JsonToken element;
				while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
					array.add(value(parser, element));
				}
				return array;
			case VALUE_NULL:
				return null;
			default:
				// Strings, numbers and booleans: the text as written, as configuration
				// holds it.
				return parser.getString();
		}
	}

}
