package io.github.secretsspringboot.test.emulator;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates secrets from a seed document:
 *
 * <pre>{@code
 * {"secrets": [
 *   {"name": "prod/app/db", "secretString": "{\"password\":\"...\"}", "description": "...", "tags": {"team": "a"}},
 *   {"name": "prod/app/config", "secretString": {"url": "..."}},
 *   {"name": "prod/app/keystore", "secretBinaryBase64": "AAEC"}
 * ]}
 * }</pre>
 *
 * Every secret goes through CreateSecret, so a seeded secret is exactly what a client
 * creating it would get, constraints included. A document is applied whole or not at all,
 * and its errors name secrets, never values.
 */
final class SecretSeeds {

	private static final Set<String> MEMBERS = Set.of("name", "description", "kmsKeyId", "secretString",
			"secretBinaryBase64", "tags");

	private final ObjectMapper json;

	private final SecretStore store;

	private final EmulatorControl control;

	private final RotationService rotations;

	SecretSeeds(ObjectMapper json, SecretStore store, EmulatorControl control, RotationService rotations) {
		this.json = json;
		this.store = store;
		this.control = control;
		this.rotations = rotations;
	}

	/** Creates the document's secrets and returns their names, in document order. */
	List<String> load(InputStream document) {
		List<ObjectNode> requests = createRequests(parse(document));
		Operation create = new CreateSecretOperation();
		OperationContext context = new OperationContext("CreateSecret", this.store, this.control, this.rotations);
		return this.store.locked(() -> {
			List<String> created = new ArrayList<>();
			for (int i = 0; i < requests.size(); i++) {
				ObjectNode request = requests.get(i);
				try {
					created.add(create.invoke(new Request(request), context).get("Name").asString());
				}
				catch (EmulatorServiceException ex) {
					created.forEach((name) -> this.store.byName(name).ifPresent(this.store::remove));
					throw invalid(i, request.get("Name").asString(), ex.getMessage());
				}
			}
			return created;
		});
	}

	private JsonNode parse(InputStream document) {
		try {
			return this.json.readTree(document);
		}
		catch (JacksonException ex) {
			// The parser's own message can quote the document, values included: only say
			// where.
			TokenStreamLocation location = ex.getLocation();
			String where = (location != null)
					? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "";
			throw new IllegalArgumentException("The seed is not valid JSON" + where);
		}
	}

	private List<ObjectNode> createRequests(JsonNode document) {
		if (document == null || !document.isObject() || !document.path("secrets").isArray()) {
			throw new IllegalArgumentException("A seed is a JSON object with a \"secrets\" array");
		}
		for (String member : document.propertyNames()) {
			if (!member.equals("secrets")) {
				throw new IllegalArgumentException("Unknown seed member \"" + member + "\"; expected only \"secrets\"");
			}
		}
		List<ObjectNode> requests = new ArrayList<>();
		JsonNode secrets = document.get("secrets");
		for (int i = 0; i < secrets.size(); i++) {
			requests.add(createRequest(i, secrets.get(i)));
		}
		return requests;
	}

	/** The CreateSecret request body for one seed entry. */
	private ObjectNode createRequest(int index, JsonNode entry) {
		if (!entry.isObject()) {
			throw invalid(index, null, "an entry must be a JSON object");
		}
		JsonNode nameNode = entry.get("name");
		if (nameNode == null || !nameNode.isString()) {
			throw invalid(index, null, "\"name\" is required and must be a string");
		}
		String name = nameNode.asString();
		for (String member : entry.propertyNames()) {
			if (!MEMBERS.contains(member)) {
				throw invalid(index, name, "unknown member \"" + member + "\"; expected one of " + MEMBERS);
			}
		}
		ObjectNode request = this.json.createObjectNode();
		request.put("Name", name);
		copyString(index, name, entry, "description", request, "Description");
		copyString(index, name, entry, "kmsKeyId", request, "KmsKeyId");
		JsonNode secretString = entry.get("secretString");
		if (secretString != null && !secretString.isNull()) {
			// A JSON object or array is stored as its compact text, as most secrets hold
			// JSON.
			request.put("SecretString",
					secretString.isString() ? secretString.asString() : this.json.writeValueAsString(secretString));
		}
		JsonNode binary = entry.get("secretBinaryBase64");
		if (binary != null && !binary.isNull()) {
			if (!binary.isString() || !isBase64(binary.asString())) {
				throw invalid(index, name, "\"secretBinaryBase64\" must be a Base64 string");
			}
			request.put("SecretBinary", binary.asString());
		}
		JsonNode tags = entry.get("tags");
		if (tags != null && !tags.isNull()) {
			if (!tags.isObject()) {
				throw invalid(index, name, "\"tags\" must be an object of tag keys to string values");
			}
			ArrayNode tagList = request.putArray("Tags");
			for (Map.Entry<String, JsonNode> tag : tags.properties()) {
				if (!tag.getValue().isString()) {
					throw invalid(index, name, "the value of tag \"" + tag.getKey() + "\" must be a string");
				}
				tagList.addObject().put("Key", tag.getKey()).put("Value", tag.getValue().asString());
			}
		}
		return request;
	}

	private static void copyString(int index, String name, JsonNode entry, String member, ObjectNode request,
			String requestMember) {
		JsonNode value = entry.get(member);
		if (value == null || value.isNull()) {
			return;
		}
		if (!value.isString()) {
			throw invalid(index, name, "\"" + member + "\" must be a string");
		}
		request.put(requestMember, value.asString());
	}

	private static boolean isBase64(String text) {
		try {
			Base64.getDecoder().decode(text);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static IllegalArgumentException invalid(int index, String name, String problem) {
		String which = "Seed secret #" + (index + 1) + ((name != null) ? " (" + name + ")" : "");
		return new IllegalArgumentException(which + ": " + problem);
	}

}
