package io.github.secretsspringboot.events;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.github.secretsspringboot.test.emulator.EmulatorEvents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * The events the emulator published for the real operations a test made, as Secrets
 * Manager publishes them to EventBridge: the messages a queue would receive.
 */
final class PublishedEvents {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final EmulatorEvents events;

	PublishedEvents(EmulatorEvents events) {
		this.events = events;
	}

	/**
	 * The {@code Secret Label Updated} event of a label moved onto a version.
	 * @param name the secret's name
	 * @param label the label
	 * @param versionId the version
	 * @return the event
	 */
	String labelUpdated(String name, String label, String versionId) {
		return latest("Secret Label Updated " + label + " of " + name,
				(event) -> "Secret Label Updated".equals(event.path("detail-type").asString())
						&& name.equals(event.path("detail").path("name").asString())
						&& label.equals(event.path("detail").path("labelUpdated").asString())
						&& versionId.equals(event.path("detail").path("versionId").asString()));
	}

	/**
	 * The latest {@code AWS API Call via CloudTrail} event of a call.
	 * @param eventName the call, such as {@code PutSecretValue}
	 * @return the event
	 */
	String apiCall(String eventName) {
		return latest("CloudTrail " + eventName,
				(event) -> "AWS API Call via CloudTrail".equals(event.path("detail-type").asString())
						&& eventName.equals(event.path("detail").path("eventName").asString()));
	}

	private String latest(String description, Predicate<JsonNode> matching) {
		return await().alias(description).atMost(WAIT).until(() -> find(matching), Optional::isPresent).orElseThrow();
	}

	private Optional<String> find(Predicate<JsonNode> matching) {
		List<String> published = this.events.published();
		for (int i = published.size() - 1; i >= 0; i--) {
			if (matching.test(json.readTree(published.get(i)))) {
				return Optional.of(published.get(i));
			}
		}
		return Optional.empty();
	}

}
