package io.github.secretsspringboot.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Read-only view of where Secrets Manager's events come from and what became of them, for
 * health, endpoints and metrics. Never holds a secret value.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public interface SecretEventSource {

	/**
	 * {@code queue} for a queue the application names, {@code topic} for an SNS topic.
	 */
	String mode();

	/** The URL of the queue events are received from, once known. */
	@Nullable String queueUrl();

	/** Whether events are being received. */
	State state();

	/** When the last event was received. */
	@Nullable Instant lastEventAt();

	/**
	 * Time from the last event's time, as EventBridge stamped it, to now: how old the
	 * newest news from Secrets Manager is.
	 */
	@Nullable Duration lag();

	/** Why the queue could last not be read, until it can be again. */
	@Nullable LastError lastError();

	/** Messages received. */
	long received();

	/** Events that led to a refresh of an imported secret. */
	long applied();

	/** Events that needed nothing done, by reason. */
	Map<String, Long> ignored();

	/** Messages that were no well-formed event, deleted without action. */
	long invalid();

	/**
	 * Checks of every import run because events may have been missed: when the queue
	 * answered again after failing, or first answered after it was made at startup.
	 */
	long catchUps();

	/** The state of the event source. */
	enum State {

		/** Receiving from the queue. */
		CONNECTED,

		/** Starting: the queue has not answered yet. */
		CONNECTING,

		/** The queue cannot be reached or read: retried with backoff. */
		FAILING,

		/** Not receiving: the application is stopping or stopped. */
		STOPPED

	}

	/**
	 * A failure to reach or read the queue.
	 *
	 * @param kind the AWS error code, or the kind of exception
	 * @param message what AWS or the client said
	 * @param at when it happened
	 */
	record LastError(String kind, String message, Instant at) {

	}

}
