package io.github.secretsspringboot.events;

/**
 * Where the events come from: a queue the application names, or one it creates and
 * subscribes to an SNS topic.
 */
interface EventQueue extends AutoCloseable {

	/**
	 * Makes the queue ready: in topic mode creates and subscribes it. Called again, after
	 * a backoff, until it succeeds.
	 * @return the URL of the queue to receive from
	 * @throws software.amazon.awssdk.core.exception.SdkException if SQS or SNS refused
	 */
	String open();

	/**
	 * Tells other instances that this one is alive; called every heartbeat interval.
	 * @throws software.amazon.awssdk.core.exception.SdkException if the queue is gone, so
	 * that the consumer opens it again
	 */
	void heartbeat();

	/**
	 * The URL of the queue, for Actuator; it carries no credentials.
	 * @return the URL, empty before the queue exists
	 */
	String shownUrl();

	/**
	 * The fan-out mode.
	 * @return {@code queue} or {@code topic}
	 */
	String mode();

	/**
	 * Releases what {@link #open()} made: in topic mode unsubscribes and deletes the
	 * queue, best effort.
	 */
	@Override
	void close();

}
