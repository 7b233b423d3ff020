package io.github.secretsspringboot.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.secretsspringboot.events.SecretEventHandler.Disposition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import org.springframework.context.SmartLifecycle;

/**
 * Receives Secrets Manager's events from SQS on one daemon thread: long polls, hands each
 * message to the {@link SecretEventHandler}, and deletes in one batch the messages it
 * handled, ignored or could not read (a poison message is counted and deleted, never
 * delivered forever). A message whose refresh failed for a passing reason stays on the
 * queue and comes back after the visibility timeout. While the queue cannot be reached or
 * is denied, it retries with a backoff (1s doubling to 1m); the application goes on, and
 * the periodic check is the safety net. Once the queue answers again, and at the first
 * answer of a queue made at start (subscribed to a topic after the secrets were loaded),
 * every import is checked once: events published meanwhile never reached the queue.
 * <p>
 * It depends on the refresher, so it starts after it and stops before it. Stopping does
 * not wait for a long poll in flight: its messages, left undeleted, come back after the
 * visibility timeout.
 *
 * @author secrets-spring-boot
 */
final class SqsEventConsumer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SqsEventConsumer.class);

	static final Duration MIN_BACKOFF = Duration.ofSeconds(1);

	static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

	private final SqsClient sqs;

	private final EventQueue queue;

	private final SecretEventHandler handler;

	private final EventStats stats;

	private final SecretEventsProperties properties;

	private final Clock clock;

	private final Object monitor = new Object();

	private volatile @Nullable Thread thread;

	SqsEventConsumer(SqsClient sqs, EventQueue queue, SecretEventHandler handler, EventStats stats,
			SecretEventsProperties properties, Clock clock) {
		this.sqs = sqs;
		this.queue = queue;
		this.handler = handler;
		this.stats = stats;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.thread != null) {
				return;
			}
			this.stats.connecting();
			Thread receiver = new Thread(this::run, "aws-secrets-events");
			receiver.setDaemon(true);
			this.thread = receiver;
			receiver.start();
		}
	}

	@Override
	public void stop() {
		Thread receiver;
		synchronized (this.monitor) {
			receiver = this.thread;
			if (receiver == null) {
				return;
			}
			this.thread = null;
			this.monitor.notifyAll();
		}
		receiver.interrupt();
		this.stats.stopped();
		try {
			this.queue.close();
		}
		catch (SdkException ex) {
			logger.warn("Could not remove the events queue " + this.queue.shownUrl() + ": " + ex.getMessage());
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	private boolean running() {
		return this.thread == Thread.currentThread();
	}

	private void run() {
		Duration backoff = MIN_BACKOFF;
		@Nullable String queueUrl = null;
		Instant lastHeartbeat = Instant.MIN;
		// Events published before the first open wait on a queue that existed already;
		// a queue made at open missed them.
		boolean missedEvents = !this.queue.heldEventsBeforeOpen();
		while (running()) {
			try {
				if (queueUrl == null) {
					queueUrl = this.queue.open();
					lastHeartbeat = this.clock.instant();
					logger.info("Receiving Secrets Manager events from " + this.queue.shownUrl());
				}
				if (!lastHeartbeat.plus(this.properties.getHeartbeatInterval()).isAfter(this.clock.instant())) {
					this.queue.heartbeat();
					lastHeartbeat = this.clock.instant();
				}
				boolean wasFailing = this.stats.state() == SecretEventSource.State.FAILING;
				// Not connected yet: a short poll tells at once whether the queue
				// answers.
				boolean connected = this.stats.state() == SecretEventSource.State.CONNECTED;
				List<Message> messages = receive(queueUrl, connected ? this.properties.getWaitTime() : Duration.ZERO);
				this.stats.connected(queueUrl);
				if (wasFailing) {
					logger.info("Receiving Secrets Manager events from " + this.queue.shownUrl() + " again");
				}
				if (missedEvents) {
					missedEvents = false;
					catchUp();
				}
				handleAll(queueUrl, messages);
				backoff = MIN_BACKOFF;
			}
			// Whatever fails, the thread goes on: events are retried, never given up.
			catch (RuntimeException ex) {
				if (!running()) {
					break;
				}
				this.stats.failed(ex);
				// SQS and SNS give up delivering to a queue that cannot be reached after
				// their retries: once connected again, every import is checked.
				missedEvents = true;
				// Open again: a topic queue deleted meanwhile (taken for an orphan) is
				// made anew.
				queueUrl = null;
				logger.warn("Could not receive Secrets Manager events from " + this.queue.shownUrl() + " ("
						+ ex.getClass().getSimpleName() + "): retrying in " + backoff.toSeconds()
						+ "s, the periodic check goes on meanwhile");
				pause(backoff);
				backoff = backoff.multipliedBy(2);
				if (backoff.compareTo(MAX_BACKOFF) > 0) {
					backoff = MAX_BACKOFF;
				}
			}
		}
	}

	/**
	 * Checks every import once, in the background, for the changes whose events never
	 * reached the queue.
	 */
	private void catchUp() {
		logger.info("Checking every secret once for changes whose events may have been missed");
		this.handler.catchUp();
	}

	private List<Message> receive(String queueUrl, Duration waitTime) {
		ReceiveMessageResponse response = this.sqs.receiveMessage((receive) -> receive.queueUrl(queueUrl)
			.maxNumberOfMessages(this.properties.getMaxMessages())
			.waitTimeSeconds((int) waitTime.toSeconds())
			.visibilityTimeout((int) this.properties.getVisibilityTimeout().toSeconds()));
		return response.messages();
	}

	private void handleAll(String queueUrl, List<Message> messages) {
		if (messages.isEmpty() || !running()) {
			return;
		}
		List<CompletableFuture<Disposition>> handled = new ArrayList<>();
		for (Message message : messages) {
			handled.add(handle(message));
		}
		List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
		for (int i = 0; i < messages.size(); i++) {
			if (await(handled.get(i)).deletes()) {
				Message message = messages.get(i);
				deletes.add(DeleteMessageBatchRequestEntry.builder()
					.id(Integer.toString(i))
					.receiptHandle(message.receiptHandle())
					.build());
			}
		}
		if (!deletes.isEmpty()) {
			DeleteMessageBatchResponse deleted = this.sqs
				.deleteMessageBatch((batch) -> batch.queueUrl(queueUrl).entries(deletes));
			if (deleted.hasFailed() && !deleted.failed().isEmpty()) {
				logger.debug(deleted.failed().size() + " handled events could not be deleted: they come back");
			}
		}
	}

	private CompletableFuture<Disposition> handle(Message message) {
		try {
			return this.handler.handle(message.body());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not handle a Secrets Manager event (" + ex.getClass().getSimpleName() + ")");
			return CompletableFuture.completedFuture(Disposition.RETRY);
		}
	}

	/**
	 * Waits for a message's refresh, not longer than half the visibility timeout: a
	 * refresh still running by then lets its message come back, which then costs nothing
	 * when the version is in force.
	 */
	private Disposition await(CompletableFuture<Disposition> disposition) {
		try {
			return disposition.get(this.properties.getVisibilityTimeout().toMillis() / 2, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Disposition.RETRY;
		}
		catch (ExecutionException | TimeoutException ex) {
			return Disposition.RETRY;
		}
	}

	private void pause(Duration backoff) {
		synchronized (this.monitor) {
			if (!running()) {
				return;
			}
			try {
				this.monitor.wait(backoff.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
