package io.github.secretsspringboot.events;

import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Chooses the queue events come from, as the settings say.
 *
 * @author secrets-spring-boot
 */
final class EventSources {

	private EventSources() {
	}

	/**
	 * The event queue of the settings.
	 * @param sns the SNS client, when a topic is set
	 */
	static EventQueue create(SecretEventsProperties properties, SqsClient sqs, @Nullable SnsClient sns,
			SecretRefreshRegistry registry) {
		String queueUrl = properties.getQueueUrl();
		if (queueUrl != null && SecretEventsProperties.hasText(queueUrl)) {
			return new NamedQueue(queueUrl.strip());
		}
		throw new IllegalStateException("aws.secrets.events.topic-arn: topic mode is not available yet");
	}

	/** {@code queue} or {@code topic}, as {@link EventQueue#mode()}. */
	static String mode(SecretEventsProperties properties) {
		return SecretEventsProperties.hasText(properties.getQueueUrl()) ? "queue" : "topic";
	}

}
