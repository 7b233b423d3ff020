package io.github.secretsspringboot.events;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
import io.github.secretsspringboot.refresh.SecretRefreshState;
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
		String topicArn = properties.getTopicArn();
		if (topicArn == null || sns == null) {
			throw new IllegalStateException("aws.secrets.events.queue-url or aws.secrets.events.topic-arn must be set");
		}
		Clock clock = Clock.systemUTC();
		return new TopicQueue(sqs, sns, topicArn, properties.getQueueNamePrefix(), importedSecrets(registry),
				properties.getVisibilityTimeout(), clock)
			.sweeping(new OrphanQueueSweeper(sqs, sns, topicArn, properties.getQueueNamePrefix(),
					properties.getOrphanAfter(), clock), properties.getOrphanAfter(), Math::random);
	}

	/**
	 * The imported secrets, by ARN where they were loaded, by id as imported otherwise.
	 */
	private static Set<String> importedSecrets(SecretRefreshRegistry registry) {
		Set<String> secrets = new LinkedHashSet<>();
		for (SecretRefreshState state : registry.getStates()) {
			String arn = state.arn();
			secrets.add((arn != null) ? arn : state.secretId());
		}
		return secrets;
	}

	/** {@code queue} or {@code topic}, as {@link EventQueue#mode()}. */
	static String mode(SecretEventsProperties properties) {
		return SecretEventsProperties.hasText(properties.getQueueUrl()) ? "queue" : "topic";
	}

}
