package io.github.secretsspringboot.test.emulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The EventBridge events Secrets Manager emits, shaped as the AWS documentation shows
 * them: the native {@code Secret Label Updated} event and the {@code AWS API Call via
 * CloudTrail} events of the operations that change a secret.
 */
final class SecretEventDocuments {

	static final String SOURCE = "aws.secretsmanager";

	static final String LABEL_UPDATED = "Secret Label Updated";

	static final String API_CALL = "AWS API Call via CloudTrail";

	/** The operations whose CloudTrail entries are forwarded as events. */
	static final Set<String> RECORDED_OPERATIONS = Set.of("CreateSecret", "PutSecretValue", "UpdateSecret",
			"UpdateSecretVersionStage", "RotateSecret", "CancelRotateSecret", "DeleteSecret", "RestoreSecret");

	/**
	 * Until 2024 these operations spelled the secret's ARN {@code aRN} in
	 * {@code responseElements}; consumers must read both spellings, so the emulator keeps
	 * the odd one where AWS had it.
	 */
	private static final Set<String> ODD_ARN_SPELLING = Set.of("CancelRotateSecret", "DeleteSecret", "RestoreSecret",
			"RotateSecret", "UpdateSecretVersionStage");

	/**
	 * Request members CloudTrail never records: values and the rotation token.
	 */
	private static final Set<String> HIDDEN_REQUEST_MEMBERS = Set.of("SecretString", "SecretBinary", "RotationToken");

	/** CloudTrail renders dates inside response elements as the console shows them. */
	private static final DateTimeFormatter CLOUDTRAIL_DATE = DateTimeFormatter
		.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.US)
		.withZone(ZoneOffset.UTC);

	private final String region;

	private final String accountId;

	SecretEventDocuments(String region, String accountId) {
		this.region = region;
		this.accountId = accountId;
	}

	ObjectNode labelUpdated(String arn, String name, String label, String versionId, Instant time) {
		ObjectNode event = envelope(LABEL_UPDATED, time);
		event.putArray("resources").add(arn);
		ObjectNode detail = event.putObject("detail");
		detail.put("name", name);
		detail.put("labelUpdated", label);
		detail.put("versionId", versionId);
		return event;
	}

	/**
	 * The event of an API call that succeeded.
	 * @param caller who called, as the HTTP request showed it
	 */
	ObjectNode apiCall(String operation, JsonNode request, JsonNode response, Caller caller, Instant time) {
		ObjectNode event = envelope(API_CALL, time);
		// Events that CloudTrail forwards name no resources.
		event.putArray("resources");
		ObjectNode detail = event.putObject("detail");
		detail.put("eventVersion", "1.08");
		ObjectNode identity = detail.putObject("userIdentity");
		identity.put("type", "IAMUser");
		identity.put("principalId", "AIDAEMULATOREXAMPLE");
		identity.put("arn", "arn:aws:iam::" + this.accountId + ":user/emulator");
		identity.put("accountId", this.accountId);
		identity.put("accessKeyId", caller.accessKeyId());
		identity.put("userName", "emulator");
		detail.put("eventTime", isoSeconds(time));
		detail.put("eventSource", "secretsmanager.amazonaws.com");
		detail.put("eventName", operation);
		detail.put("awsRegion", this.region);
		detail.put("sourceIPAddress", caller.sourceIpAddress());
		detail.put("userAgent", caller.userAgent());
		detail.set("requestParameters", requestParameters(request));
		detail.set("responseElements", responseElements(operation, response));
		detail.put("requestID", UUID.randomUUID().toString());
		detail.put("eventID", UUID.randomUUID().toString());
		detail.put("readOnly", false);
		detail.put("eventType", "AwsApiCall");
		detail.put("managementEvent", true);
		detail.put("recipientAccountId", this.accountId);
		detail.put("eventCategory", "Management");
		return event;
	}

	private ObjectNode envelope(String detailType, Instant time) {
		ObjectNode event = JsonNodeFactory.instance.objectNode();
		event.put("version", "0");
		event.put("id", UUID.randomUUID().toString());
		event.put("detail-type", detailType);
		event.put("source", SOURCE);
		event.put("account", this.accountId);
		event.put("time", isoSeconds(time));
		event.put("region", this.region);
		return event;
	}

	private static ObjectNode requestParameters(JsonNode request) {
		ObjectNode parameters = JsonNodeFactory.instance.objectNode();
		for (Map.Entry<String, JsonNode> member : request.properties()) {
			if (!HIDDEN_REQUEST_MEMBERS.contains(member.getKey())) {
				parameters.set(lowerFirst(member.getKey()), camelCased(member.getValue()));
			}
		}
		return parameters;
	}

	private static ObjectNode responseElements(String operation, JsonNode response) {
		ObjectNode elements = JsonNodeFactory.instance.objectNode();
		for (Map.Entry<String, JsonNode> member : response.properties()) {
			String key = member.getKey();
			JsonNode value = member.getValue();
			if ("ARN".equals(key)) {
				elements.set(ODD_ARN_SPELLING.contains(operation) ? "aRN" : "arn", value);
			}
			else if (key.endsWith("Date") && value.isNumber()) {
				Instant date = Instant.ofEpochMilli(Math.round(value.doubleValue() * 1000));
				elements.put(lowerFirst(key), CLOUDTRAIL_DATE.format(date));
			}
			else {
				elements.set(lowerFirst(key), camelCased(value));
			}
		}
		return elements;
	}

	/** CloudTrail writes request members in lower camel case, at every depth. */
	private static JsonNode camelCased(JsonNode value) {
		if (value.isObject()) {
			ObjectNode copy = JsonNodeFactory.instance.objectNode();
			for (Map.Entry<String, JsonNode> member : value.properties()) {
				copy.set(lowerFirst(member.getKey()), camelCased(member.getValue()));
			}
			return copy;
		}
		if (value.isArray()) {
			ArrayNode copy = JsonNodeFactory.instance.arrayNode();
			value.forEach((element) -> copy.add(camelCased(element)));
			return copy;
		}
		return value;
	}

	private static String lowerFirst(String name) {
		return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}

	static String isoSeconds(Instant time) {
		return time.truncatedTo(ChronoUnit.SECONDS).toString();
	}

	/** What the HTTP request tells of its caller. */
	record Caller(String sourceIpAddress, String userAgent, String accessKeyId) {
	}

}
