package io.github.secretsspringboot.events;

import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.FilterPolicyLimitExceededException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Topic mode: the instance's own queue, created at {@link #open()} with a random name
 * after the prefix, open to the topic only (queue policy on {@code aws:SourceArn}),
 * subscribed with raw delivery and a {@link TopicFilterPolicy filter} on the imported
 * secrets, tagged with the topic and a heartbeat that {@link #heartbeat()} renews so that
 * other instances can tell a queue whose owner died ({@link OrphanQueueSweeper}).
 * {@link #close()} unsubscribes and deletes it.
 */
final class TopicQueue implements EventQueue {

	/** Tag with the epoch second of the latest heartbeat. */
	static final String HEARTBEAT_TAG = "secrets-events:heartbeat";

	/** Tag with the ARN of the topic the queue is subscribed to. */
	static final String TOPIC_TAG = "secrets-events:topic";

	/** Queue names are at most 80 characters: the prefix, then 32 random hex digits. */
	static final int MAX_PREFIX_LENGTH = 48;

	private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_PREFIX_LENGTH + "}");

	private static final JsonFactory FACTORY = new JsonFactory();

	private static final Log logger = LogFactory.getLog(TopicQueue.class);

	private final SqsClient sqs;

	private final SnsClient sns;

	private final String topicArn;

	private final String queueNamePrefix;

	private final String filterPolicy;

	private final Duration visibilityTimeout;

	private final Clock clock;

	private @Nullable String queueUrl;

	private @Nullable String subscriptionArn;

	private @Nullable OrphanQueueSweeper sweeper;

	private Duration orphanAfter = Duration.ZERO;

	private DoubleSupplier random = Math::random;

	private @Nullable Instant nextSweep;

	TopicQueue(SqsClient sqs, SnsClient sns, String topicArn, String queueNamePrefix,
			Collection<String> secretArnsOrNames, Duration visibilityTimeout, Clock clock) {
		if (!PREFIX.matcher(queueNamePrefix).matches()) {
			throw new IllegalArgumentException("The queue name prefix must be 1 to " + MAX_PREFIX_LENGTH
					+ " letters, digits, hyphens or underscores, was '" + queueNamePrefix + "'");
		}
		this.sqs = sqs;
		this.sns = sns;
		this.topicArn = topicArn;
		this.queueNamePrefix = queueNamePrefix;
		this.filterPolicy = TopicFilterPolicy.of(secretArnsOrNames, topicArn);
		this.visibilityTimeout = visibilityTimeout;
		this.clock = clock;
	}

	/**
	 * Makes {@link #heartbeat()} also sweep orphaned queues, at times spread so that the
	 * fleet as a whole sweeps about once per {@code orphanAfter}: each instance waits a
	 * random part of {@code orphanAfter} after opening, then about {@code orphanAfter}
	 * times the number of queues it saw. Each sweep reads the tags of every queue, so
	 * instances sweeping on a fixed period would cost the square of the fleet's size.
	 * @param sweeper the sweeper
	 * @param orphanAfter how old a heartbeat makes a queue an orphan
	 * @param random numbers in [0, 1), to spread the sweeps
	 * @return this queue
	 */
	synchronized TopicQueue sweeping(OrphanQueueSweeper sweeper, Duration orphanAfter, DoubleSupplier random) {
		this.sweeper = sweeper;
		this.orphanAfter = orphanAfter;
		this.random = random;
		return this;
	}

	@Override
	public synchronized String open() {
		// What a failed attempt half-made goes first, so that retries leave nothing
		// behind.
		close();
		String name = this.queueNamePrefix + UUID.randomUUID().toString().replace("-", "");
		try {
			String url = this.sqs
				.createQueue((request) -> request.queueName(name)
					.attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT,
							Long.toString(this.visibilityTimeout.toSeconds())))
					.tags(Map.of(HEARTBEAT_TAG, now(), TOPIC_TAG, this.topicArn)))
				.queueUrl();
			this.queueUrl = url;
			String queueArn = queueArn(this.sqs, url);
			this.sqs.setQueueAttributes((request) -> request.queueUrl(url)
				.attributes(Map.of(QueueAttributeName.POLICY, queuePolicy(queueArn, this.topicArn))));
			this.subscriptionArn = subscribe(queueArn);
			logger.info("Subscribed queue " + url + " to " + this.topicArn + " for secret events");
			if (this.nextSweep == null) {
				this.nextSweep = this.clock.instant().plus(spread(this.orphanAfter, 0, 1));
			}
			return url;
		}
		catch (SdkException ex) {
			close();
			throw ex;
		}
	}

	private String subscribe(String queueArn) {
		try {
			return subscribe(queueArn, Map.of("RawMessageDelivery", "true", "FilterPolicyScope", "MessageBody",
					"FilterPolicy", this.filterPolicy));
		}
		catch (FilterPolicyLimitExceededException ex) {
			// The topic's quota of filter policies (200 by default) is used up: every
			// Secrets Manager event comes through, and the consumer ignores the others.
			logger.warn(
					"The filter policy quota of " + this.topicArn + " is used up; subscribing without a filter policy");
			return subscribe(queueArn, Map.of("RawMessageDelivery", "true"));
		}
	}

	private String subscribe(String queueArn, Map<String, String> attributes) {
		return this.sns
			.subscribe((request) -> request.topicArn(this.topicArn)
				.protocol("sqs")
				.endpoint(queueArn)
				.returnSubscriptionArn(true)
				.attributes(attributes))
			.subscriptionArn();
	}

	/** Made and subscribed at open: what the topic published before is lost to it. */
	@Override
	public boolean heldEventsBeforeOpen() {
		return false;
	}

	@Override
	public void heartbeat() {
		String url;
		synchronized (this) {
			url = this.queueUrl;
		}
		if (url == null) {
			return;
		}
		try {
			this.sqs.tagQueue((request) -> request.queueUrl(url).tags(Map.of(HEARTBEAT_TAG, now())));
		}
		catch (QueueDoesNotExistException ex) {
			// Another instance took us for dead and removed the queue: let the consumer
			// open a new one, without leaving the subscription behind.
			logger.warn("Queue " + url + " for secret events is gone; a new one will be created");
			close();
			throw ex;
		}
		sweepIfDue(url);
	}

	private void sweepIfDue(String ownUrl) {
		Instant now = this.clock.instant();
		OrphanQueueSweeper sweeper;
		Instant next;
		synchronized (this) {
			sweeper = this.sweeper;
			next = this.nextSweep;
		}
		if (sweeper == null || next == null || now.isBefore(next)) {
			return;
		}
		int queues = 1;
		try {
			queues = Math.max(1, sweeper.sweep(ownUrl).listed());
		}
		catch (SdkException ex) {
			// Sweeping is housekeeping: the events go on, the next sweep tries again.
			logger.warn("Could not look for orphaned secret event queues: " + ex.getMessage());
		}
		synchronized (this) {
			this.nextSweep = now.plus(spread(this.orphanAfter.multipliedBy(queues), 0.5, 1.5));
		}
	}

	private Duration spread(Duration duration, double from, double to) {
		double factor = from + (to - from) * this.random.getAsDouble();
		return Duration.ofMillis((long) (duration.toMillis() * factor));
	}

	@Override
	public synchronized String shownUrl() {
		return (this.queueUrl != null) ? this.queueUrl : "";
	}

	@Override
	public String mode() {
		return "topic";
	}

	/** The filter policy of the subscription. */
	String filterPolicy() {
		return this.filterPolicy;
	}

	synchronized @Nullable String subscriptionArn() {
		return this.subscriptionArn;
	}

	@Override
	public synchronized void close() {
		String subscription = this.subscriptionArn;
		if (subscription != null) {
			try {
				this.sns.unsubscribe((request) -> request.subscriptionArn(subscription));
			}
			catch (SdkException ex) {
				logger.warn("Could not unsubscribe " + subscription + ": " + ex.getMessage());
			}
			this.subscriptionArn = null;
		}
		String url = this.queueUrl;
		if (url != null) {
			try {
				this.sqs.deleteQueue((request) -> request.queueUrl(url));
			}
			catch (QueueDoesNotExistException ex) {
				// Already gone.
			}
			catch (SdkException ex) {
				logger.warn("Could not delete queue " + url + ": " + ex.getMessage());
			}
			this.queueUrl = null;
		}
	}

	static String queueArn(SqsClient sqs, String url) {
		String arn = sqs
			.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		if (arn == null) {
			throw SdkClientException.create("SQS did not answer the ARN of queue " + url);
		}
		return arn;
	}

	private String now() {
		return Long.toString(this.clock.instant().getEpochSecond());
	}

	/** Lets the topic, and nothing else, send to the queue. */
	static String queuePolicy(String queueArn, String topicArn) {
		StringWriter out = new StringWriter();
		try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeStringProperty("Version", "2012-10-17");
			json.writeName("Statement");
			json.writeStartArray();
			json.writeStartObject();
			json.writeStringProperty("Sid", "SecretEventsFromTopic");
			json.writeStringProperty("Effect", "Allow");
			json.writeName("Principal");
			json.writeStartObject();
			json.writeStringProperty("Service", "sns.amazonaws.com");
			json.writeEndObject();
			json.writeStringProperty("Action", "sqs:SendMessage");
			json.writeStringProperty("Resource", queueArn);
			json.writeName("Condition");
			json.writeStartObject();
			json.writeName("ArnEquals");
			json.writeStartObject();
			json.writeStringProperty("aws:SourceArn", topicArn);
			json.writeEndObject();
			json.writeEndObject();
			json.writeEndObject();
			json.writeEndArray();
			json.writeEndObject();
		}
		return out.toString();
	}

	@Override
	public String toString() {
		return "TopicQueue[" + this.topicArn + " -> " + shownUrl() + "]";
	}

}
