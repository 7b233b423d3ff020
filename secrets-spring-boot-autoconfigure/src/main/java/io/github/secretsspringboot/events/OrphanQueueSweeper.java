package io.github.secretsspringboot.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Removes the queues of instances that died without cleaning up (killed, crashed, lost
 * their host): queues named with the prefix, tagged for the same topic, whose heartbeat
 * is older than {@code orphan-after}; their subscriptions on the topic go first, so that
 * SNS stops delivering to them. Any live instance may sweep; a queue without both tags,
 * of another topic, or the sweeping instance's own is never touched. Two instances
 * sweeping at once both try to delete the same queue: the second finds it gone.
 */
final class OrphanQueueSweeper {

	private static final Log logger = LogFactory.getLog(OrphanQueueSweeper.class);

	private final SqsClient sqs;

	private final SnsClient sns;

	private final String topicArn;

	private final String queueNamePrefix;

	private final Duration orphanAfter;

	private final Clock clock;

	OrphanQueueSweeper(SqsClient sqs, SnsClient sns, String topicArn, String queueNamePrefix, Duration orphanAfter,
			Clock clock) {
		this.sqs = sqs;
		this.sns = sns;
		this.topicArn = topicArn;
		this.queueNamePrefix = queueNamePrefix;
		this.orphanAfter = orphanAfter;
		this.clock = clock;
	}

	/**
	 * Deletes the orphaned queues and their subscriptions.
	 * @param ownQueueUrl the sweeping instance's queue, never deleted; {@code null} or
	 * empty if it has none yet
	 * @return the queues listed and deleted
	 * @throws SdkException if the queues cannot be listed
	 */
	Sweep sweep(@Nullable String ownQueueUrl) {
		Instant deadline = this.clock.instant().minus(this.orphanAfter);
		List<String> deleted = new ArrayList<>();
		Map<String, List<String>> subscriptionsByEndpoint = null;
		int listed = 0;
		for (String url : this.sqs.listQueuesPaginator((request) -> request.queueNamePrefix(this.queueNamePrefix))
			.queueUrls()) {
			listed++;
			if (url.equals(ownQueueUrl)) {
				continue;
			}
			try {
				if (!isOrphan(url, deadline)) {
					continue;
				}
				String queueArn = TopicQueue.queueArn(this.sqs, url);
				if (subscriptionsByEndpoint == null) {
					subscriptionsByEndpoint = subscriptionsByEndpoint();
				}
				for (String subscriptionArn : subscriptionsByEndpoint.getOrDefault(queueArn, List.of())) {
					this.sns.unsubscribe((request) -> request.subscriptionArn(subscriptionArn));
				}
				this.sqs.deleteQueue((request) -> request.queueUrl(url));
				deleted.add(url);
				logger.info("Deleted queue " + url + " of an instance that stopped its heartbeat");
			}
			catch (QueueDoesNotExistException ex) {
				// Deleted meanwhile, by its owner or another instance.
			}
			catch (SdkException ex) {
				logger.warn("Could not check or delete queue " + url + ": " + ex.getMessage());
			}
		}
		return new Sweep(listed, List.copyOf(deleted));
	}

	/**
	 * What a sweep found.
	 *
	 * @param listed the queues with the prefix, the sweeping instance's included
	 * @param deleted the URLs of the queues deleted
	 */
	record Sweep(int listed, List<String> deleted) {

	}

	private boolean isOrphan(String url, Instant deadline) {
		Map<String, String> tags = this.sqs.listQueueTags((request) -> request.queueUrl(url)).tags();
		if (!this.topicArn.equals(tags.get(TopicQueue.TOPIC_TAG))) {
			return false;
		}
		String heartbeat = tags.get(TopicQueue.HEARTBEAT_TAG);
		if (heartbeat == null) {
			return false;
		}
		try {
			return Instant.ofEpochSecond(Long.parseLong(heartbeat)).isBefore(deadline);
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private Map<String, List<String>> subscriptionsByEndpoint() {
		Map<String, List<String>> byEndpoint = new HashMap<>();
		for (Subscription subscription : this.sns
			.listSubscriptionsByTopicPaginator((request) -> request.topicArn(this.topicArn))
			.subscriptions()) {
			if ("sqs".equals(subscription.protocol())) {
				byEndpoint.computeIfAbsent(subscription.endpoint(), (key) -> new ArrayList<>())
					.add(subscription.subscriptionArn());
			}
		}
		return byEndpoint;
	}

}
