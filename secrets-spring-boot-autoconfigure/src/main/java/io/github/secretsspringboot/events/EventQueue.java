package io.github.secretsspringboot.events;

/**
 * The queue events are received from: one the application names, or one an instance
 * creates for itself and subscribes to a topic.
 *
 * @author secrets-spring-boot
 */
interface EventQueue extends AutoCloseable {

	/**
	 * Makes the queue ready to receive from, creating and subscribing it if needed.
	 * Called again, after a backoff, until it succeeds.
	 * @return the URL of the queue to receive from
	 * @throws software.amazon.awssdk.core.exception.SdkException when AWS cannot be
	 * reached or denies it
	 */
	String open();

	/**
	 * Whether the queue held the events published before the first {@link #open()}: a
	 * queue provisioned beforehand does, a queue made by it does not.
	 */
	boolean heldEventsBeforeOpen();

	/** Tells other instances that this one is alive; called every heartbeat interval. */
	void heartbeat();

	/** The queue URL to show, without credentials. */
	String shownUrl();

	/** {@code queue} or {@code topic}. */
	String mode();

	/** Removes what {@link #open()} created, if anything. */
	@Override
	void close();

}
