package io.github.secretsspringboot.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.secretsspringboot.core.SecretJson;
import org.jspecify.annotations.Nullable;

/**
 * A Secrets Manager event as EventBridge delivers it: a {@code Secret Label Updated}
 * event, or an {@code AWS API Call via CloudTrail} event for a call that changes a
 * secret. Read from a message body that is the EventBridge event, or an SNS notification
 * carrying it (raw delivery off).
 *
 * @param kind what happened
 * @param time when it happened, as EventBridge tells
 * @param secretIds the ids the event names the secret by (ARN, name), best first
 * @param label the label moved, for a label update
 * @param versionId the version the label moved to, for a label update
 * @param eventName the API call, for a CloudTrail event
 * @author secrets-spring-boot
 */
record SecretEvent(Kind kind, @Nullable Instant time, List<String> secretIds, @Nullable String label,
		@Nullable String versionId, @Nullable String eventName) {

	static final String SOURCE = "aws.secretsmanager";

	static final String LABEL_UPDATED = "Secret Label Updated";

	static final String API_CALL = "AWS API Call via CloudTrail";

	/** The CloudTrail calls after which a check finds what changed. */
	static final Set<String> CHECKED_CALLS = Set.of("PutSecretValue", "UpdateSecret", "UpdateSecretVersionStage",
			"RotateSecret", "CancelRotateSecret", "DeleteSecret", "CreateSecret", "RestoreSecret");

	/**
	 * The CloudTrail calls that change values only by moving staging labels, each move of
	 * AWSCURRENT or a custom label also announced by a {@code Secret Label Updated}
	 * event.
	 */
	static final Set<String> LABEL_MOVING_CALLS = Set.of("PutSecretValue", "UpdateSecret", "UpdateSecretVersionStage",
			"RotateSecret", "CancelRotateSecret");

	private static final SecretEvent FOREIGN = new SecretEvent(Kind.FOREIGN, null, List.of(), null, null, null);

	SecretEvent {
		secretIds = List.copyOf(secretIds);
	}

	enum Kind {

		/** A staging label moved onto a version. */
		LABEL_UPDATED,

		/** A call of the Secrets Manager API, recorded by CloudTrail. */
		API_CALL,

		/** Not an event of Secrets Manager this starter acts on. */
		FOREIGN

	}

	/**
	 * Reads an event from a message body.
	 * @param body the message body
	 * @return the event, {@link Kind#FOREIGN} for a well-formed event of another source
	 * or type
	 * @throws InvalidEventException when the body is not an event, or lacks what its type
	 * needs; the message never quotes the body
	 */
	static SecretEvent parse(String body) {
		Map<String, Object> envelope = SecretJson.readObject(body)
			.orElseThrow(() -> new InvalidEventException("the body is not a JSON object"));
		if ("Notification".equals(SecretJson.text(envelope, "Type"))) {
			String message = SecretJson.text(envelope, "Message");
			if (message == null) {
				throw new InvalidEventException("the SNS notification has no Message");
			}
			envelope = SecretJson.readObject(message)
				.orElseThrow(() -> new InvalidEventException("the SNS notification's Message is not a JSON object"));
		}
		String source = SecretJson.text(envelope, "source");
		String detailType = SecretJson.text(envelope, "detail-type");
		if (source == null || detailType == null) {
			throw new InvalidEventException("source or detail-type is missing");
		}
		if (!SOURCE.equals(source) || !(LABEL_UPDATED.equals(detailType) || API_CALL.equals(detailType))) {
			return FOREIGN;
		}
		Map<String, Object> detail = object(envelope, "detail")
			.orElseThrow(() -> new InvalidEventException("detail is missing"));
		Instant time = time(envelope);
		if (LABEL_UPDATED.equals(detailType)) {
			return labelUpdated(envelope, detail, time);
		}
		return apiCall(detail, time);
	}

	private static SecretEvent labelUpdated(Map<String, Object> envelope, Map<String, Object> detail,
			@Nullable Instant time) {
		List<String> ids = new ArrayList<>();
		if (envelope.get("resources") instanceof List<?> resources && !resources.isEmpty()
				&& resources.get(0) instanceof String arn) {
			ids.add(arn);
		}
		addText(ids, detail, "name");
		String label = SecretJson.text(detail, "labelUpdated");
		String versionId = SecretJson.text(detail, "versionId");
		if (ids.isEmpty() || label == null || versionId == null) {
			throw new InvalidEventException("a Secret Label Updated event needs resources or detail.name, "
					+ "detail.labelUpdated and detail.versionId");
		}
		return new SecretEvent(Kind.LABEL_UPDATED, time, ids, label, versionId, null);
	}

	private static SecretEvent apiCall(Map<String, Object> detail, @Nullable Instant time) {
		String eventName = SecretJson.text(detail, "eventName");
		if (eventName == null) {
			throw new InvalidEventException("detail.eventName is missing");
		}
		List<String> ids = new ArrayList<>();
		// AWS spells the ARN aRN in the responses of some calls, arn in the others.
		object(detail, "responseElements").ifPresent((response) -> {
			addText(ids, response, "aRN");
			addText(ids, response, "arn");
		});
		object(detail, "requestParameters").ifPresent((request) -> {
			addText(ids, request, "secretId");
			addText(ids, request, "name");
		});
		if (ids.isEmpty() && CHECKED_CALLS.contains(eventName)) {
			throw new InvalidEventException("the " + eventName + " event names no secret");
		}
		return new SecretEvent(Kind.API_CALL, time, ids, null, null, eventName);
	}

	private static @Nullable Instant time(Map<String, Object> envelope) {
		String time = SecretJson.text(envelope, "time");
		if (time == null) {
			return null;
		}
		try {
			return Instant.parse(time);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidEventException("time is not an ISO-8601 instant");
		}
	}

	@SuppressWarnings("unchecked")
	private static Optional<Map<String, Object>> object(Map<String, Object> object, String key) {
		return (object.get(key) instanceof Map<?, ?> value) ? Optional.of((Map<String, Object>) value)
				: Optional.empty();
	}

	private static void addText(List<String> ids, Map<String, Object> object, String key) {
		String text = SecretJson.text(object, key);
		if (text != null && !text.isBlank() && !ids.contains(text)) {
			ids.add(text);
		}
	}

	/** A message that is not a well-formed event. */
	static class InvalidEventException extends RuntimeException {

		InvalidEventException(String reason) {
			super(reason);
		}

	}

}
