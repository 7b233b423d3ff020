package io.github.secretsspringboot.events;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of event-driven refresh: Secrets Manager's events, delivered through an
 * SQS queue, refresh the affected secrets at once. On only when {@code queue-url} or
 * {@code topic-arn} is set.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@ConfigurationProperties(SecretEventsProperties.PREFIX)
public class SecretEventsProperties {

	public static final String PREFIX = "aws.secrets.events";

	/** Longest long poll SQS allows. */
	static final Duration MAX_WAIT_TIME = Duration.ofSeconds(20);

	/**
	 * Whether events refresh secrets, once a queue URL or a topic ARN is set.
	 */
	private boolean enabled = true;

	/**
	 * URL of the SQS queue that receives the events, provisioned for this application (or
	 * for this instance).
	 */
	private @Nullable String queueUrl;

	/**
	 * ARN of an SNS topic that receives the events: each instance creates its own queue,
	 * subscribes it and removes both at shutdown.
	 */
	private @Nullable String topicArn;

	/**
	 * Prefix of the names of the queues that instances create for themselves (topic
	 * mode).
	 */
	private String queueNamePrefix = "secrets-events-";

	/**
	 * How long one receive waits for a message (SQS long poll), at most 20s.
	 */
	private Duration waitTime = MAX_WAIT_TIME;

	/**
	 * How long a received message stays hidden from other receives before it is delivered
	 * again, unless handled.
	 */
	private Duration visibilityTimeout = Duration.ofSeconds(30);

	/**
	 * Largest number of messages one receive returns, 1 to 10.
	 */
	private int maxMessages = 10;

	/**
	 * Time between two heartbeats of an instance's own queue (topic mode).
	 */
	private Duration heartbeatInterval = Duration.ofMinutes(1);

	/**
	 * Age of the last heartbeat after which another instance deletes a queue as orphaned
	 * (topic mode), at least twice the heartbeat interval.
	 */
	private Duration orphanAfter = Duration.ofMinutes(15);

	/**
	 * Interval of the periodic check while events are on, unless
	 * aws.secrets.refresh.interval is set: the safety net for lost events.
	 */
	private Duration safetyNetInterval = Duration.ofHours(6);

	/**
	 * Endpoint of SQS, to override the region's.
	 */
	private @Nullable URI sqsEndpoint;

	/**
	 * Endpoint of SNS, to override the region's.
	 */
	private @Nullable URI snsEndpoint;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getQueueUrl() {
		return this.queueUrl;
	}

	public void setQueueUrl(@Nullable String queueUrl) {
		this.queueUrl = queueUrl;
	}

	public @Nullable String getTopicArn() {
		return this.topicArn;
	}

	public void setTopicArn(@Nullable String topicArn) {
		this.topicArn = topicArn;
	}

	public String getQueueNamePrefix() {
		return this.queueNamePrefix;
	}

	public void setQueueNamePrefix(String queueNamePrefix) {
		this.queueNamePrefix = queueNamePrefix;
	}

	public Duration getWaitTime() {
		return this.waitTime;
	}

	public void setWaitTime(Duration waitTime) {
		this.waitTime = waitTime;
	}

	public Duration getVisibilityTimeout() {
		return this.visibilityTimeout;
	}

	public void setVisibilityTimeout(Duration visibilityTimeout) {
		this.visibilityTimeout = visibilityTimeout;
	}

	public int getMaxMessages() {
		return this.maxMessages;
	}

	public void setMaxMessages(int maxMessages) {
		this.maxMessages = maxMessages;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public Duration getOrphanAfter() {
		return this.orphanAfter;
	}

	public void setOrphanAfter(Duration orphanAfter) {
		this.orphanAfter = orphanAfter;
	}

	public Duration getSafetyNetInterval() {
		return this.safetyNetInterval;
	}

	public void setSafetyNetInterval(Duration safetyNetInterval) {
		this.safetyNetInterval = safetyNetInterval;
	}

	public @Nullable URI getSqsEndpoint() {
		return this.sqsEndpoint;
	}

	public void setSqsEndpoint(@Nullable URI sqsEndpoint) {
		this.sqsEndpoint = sqsEndpoint;
	}

	public @Nullable URI getSnsEndpoint() {
		return this.snsEndpoint;
	}

	public void setSnsEndpoint(@Nullable URI snsEndpoint) {
		this.snsEndpoint = snsEndpoint;
	}

	/**
	 * Fails with {@link InvalidSecretEventsSettingsException} on settings SQS or the
	 * fleet's clean-up cannot work with.
	 */
	void validate() {
		if (hasText(this.queueUrl) && hasText(this.topicArn)) {
			throw new InvalidSecretEventsSettingsException(PREFIX + ".queue-url",
					"both " + PREFIX + ".queue-url and " + PREFIX + ".topic-arn are set",
					"Set only one: " + PREFIX + ".queue-url for a queue provisioned for the application, " + PREFIX
							+ ".topic-arn for a queue per instance subscribed to an SNS topic");
		}
		if (this.maxMessages < 1 || this.maxMessages > 10) {
			throw new InvalidSecretEventsSettingsException(PREFIX + ".max-messages",
					"it is " + this.maxMessages + ", SQS returns 1 to 10 messages per receive",
					"Set " + PREFIX + ".max-messages to a number from 1 to 10");
		}
		if (this.waitTime.isNegative() || this.waitTime.compareTo(MAX_WAIT_TIME) > 0) {
			throw new InvalidSecretEventsSettingsException(PREFIX + ".wait-time",
					"it is " + this.waitTime + ", SQS long polls for 0 to 20 seconds",
					"Set " + PREFIX + ".wait-time to at most 20s");
		}
		if (this.orphanAfter.compareTo(this.heartbeatInterval.multipliedBy(2)) < 0) {
			throw new InvalidSecretEventsSettingsException(PREFIX + ".orphan-after",
					"it is " + this.orphanAfter + ", less than twice " + PREFIX + ".heartbeat-interval ("
							+ this.heartbeatInterval + "): live instances' queues would be deleted",
					"Set " + PREFIX + ".orphan-after to at least twice " + PREFIX + ".heartbeat-interval");
		}
	}

	static boolean hasText(@Nullable String text) {
		return text != null && !text.isBlank();
	}

}
