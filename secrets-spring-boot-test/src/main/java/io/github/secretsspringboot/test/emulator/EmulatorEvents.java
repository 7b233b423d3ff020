package io.github.secretsspringboot.test.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The events the emulator publishes as Secrets Manager publishes them to EventBridge, and
 * the targets of the rule that forwards them, such as an SQS queue:
 * <ul>
 * <li>{@code Secret Label Updated}, one per staging label moved onto a version, for
 * AWSCURRENT and custom labels but never AWSPENDING or AWSPREVIOUS;</li>
 * <li>{@code AWS API Call via CloudTrail} for each successful CreateSecret,
 * PutSecretValue, UpdateSecret, UpdateSecretVersionStage, RotateSecret,
 * CancelRotateSecret, DeleteSecret and RestoreSecret call, without the secret's
 * value.</li>
 * </ul>
 * Events are published once the operation completed, the API call event first, then the
 * label events. They are delivered asynchronously, after the emulator's
 * {@linkplain SecretsManagerEmulator.Builder#eventDelay(Duration) event delay}, to each
 * target in the order they occurred and to the targets independently, as EventBridge
 * delivers to each target of a rule: a slow or failing target holds up no other. A
 * delivery that fails is retried a few times, then recorded in
 * {@link #failedDeliveries()}; it never fails the API call. Secrets a seed document
 * creates publish nothing.
 *
 * <pre>{@code
 * emulator.events().toQueue(sqs.createQueue("secret-events"));
 * }</pre>
 */
public final class EmulatorEvents implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmulatorEvents.class);

	private static final Set<String> UNPUBLISHED_LABELS = Set.of(StoredSecret.AWSPENDING, StoredSecret.AWSPREVIOUS);

	/** How many published events {@link #published()} keeps, the latest. */
	static final int PUBLISHED_LIMIT = 10_000;

	/** Attempts of one delivery to one target, the first included. */
	static final int DELIVERY_ATTEMPTS = 4;

	private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(50);

	private final SecretEventDocuments documents;

	private final ObjectMapper json;

	private final String region;

	private volatile @Nullable EmulatorTopics topics;

	private final Duration delay;

	private final List<String> published = new ArrayList<>();

	private final List<EventTarget> targets = new CopyOnWriteArrayList<>();

	private final List<FailedDelivery> failedDeliveries = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService delivery;

	/** One thread per target, which keeps that target's deliveries in order. */
	private final Map<EventTarget, ExecutorService> lanes = Collections.synchronizedMap(new IdentityHashMap<>());

	EmulatorEvents(ObjectMapper json, String region, String accountId, Duration delay) {
		this.documents = new SecretEventDocuments(region, accountId);
		this.json = json;
		this.region = region;
		this.delay = delay;
		this.delivery = Executors
			.newSingleThreadScheduledExecutor(SecretsManagerEmulator.daemonThreads("secrets-manager-emulator-events"));
	}

	/**
	 * Adds an SQS queue as a target: each event becomes one message, sent with the real
	 * SDK client to the host and port of the URL, such as the one
	 * {@code EmbeddedSqs#createQueue} returns.
	 * @param queueUrl the queue's URL
	 * @return these events
	 */
	public EmulatorEvents toQueue(String queueUrl) {
		return to(new SqsQueueTarget(queueUrl, this.region));
	}

	/**
	 * Adds an EventBridge rule target that publishes each event to one of the emulator's
	 * SNS topics ({@link SecretsManagerEmulator#topics()}), which fans it out to the
	 * queues subscribed to it.
	 * @param topicArn the topic's ARN
	 * @return these events
	 */
	public EmulatorEvents toTopic(String topicArn) {
		EmulatorTopics topics = this.topics;
		if (topics == null) {
			throw new IllegalStateException("This emulator has no SNS topics");
		}
		return to(new TopicTarget(topics, topicArn));
	}

	void useTopics(EmulatorTopics topics) {
		this.topics = topics;
	}

	/**
	 * Adds a target; events published from now on are delivered to it.
	 * @param target the target
	 * @return these events
	 */
	public EmulatorEvents to(EventTarget target) {
		this.targets.add(target);
		return this;
	}

	/**
	 * The targets events are delivered to, in the order they were added.
	 * @return the targets
	 */
	public List<EventTarget> targets() {
		return List.copyOf(this.targets);
	}

	/**
	 * Removes every target, closing those that are {@link AutoCloseable}. Events already
	 * published may still reach them.
	 */
	public void clearTargets() {
		List<EventTarget> removed = new ArrayList<>(this.targets);
		this.targets.removeAll(removed);
		// Closed after the deliveries already queued, on its lane.
		this.delivery.schedule(() -> removed.forEach(this::closeAfterQueued), this.delay.toNanos(),
				TimeUnit.NANOSECONDS);
	}

	/**
	 * The events published since the emulator started or {@link #clearPublished()} was
	 * called, oldest first: the latest 10,000.
	 * @return the event JSON documents
	 */
	public synchronized List<String> published() {
		return List.copyOf(this.published);
	}

	/**
	 * Waits until at least {@code count} events have been published, such as those of a
	 * rotation running in the background.
	 * @param count the number of events to wait for
	 * @param timeout how long to wait at most
	 * @return the events published, oldest first
	 * @throws AssertionError if fewer were published in time (the message lists their
	 * detail types)
	 */
	public synchronized List<String> awaitPublished(int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.published.size() < count) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new AssertionError("Expected " + count + " events within " + timeout + " but "
						+ this.published.size() + " were published: " + detailTypes());
			}
			try {
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for events", ex);
			}
		}
		return List.copyOf(this.published);
	}

	/** Forgets the events published so far, and the failed deliveries. */
	public synchronized void clearPublished() {
		this.published.clear();
		this.failedDeliveries.clear();
	}

	/**
	 * The deliveries that failed every attempt, oldest first.
	 * @return the failed deliveries
	 */
	public List<FailedDelivery> failedDeliveries() {
		return List.copyOf(this.failedDeliveries);
	}

	@Override
	public void close() {
		this.delivery.shutdownNow();
		synchronized (this.lanes) {
			this.lanes.values().forEach(ExecutorService::shutdownNow);
			this.lanes.clear();
		}
		this.targets.forEach(EmulatorEvents::closeQuietly);
		this.targets.clear();
	}

	/**
	 * The staging labels of each version of a secret, taken before an operation to find
	 * the labels it moved.
	 */
	static Map<String, Set<String>> labels(@Nullable StoredSecret secret) {
		Map<String, Set<String>> labels = new LinkedHashMap<>();
		if (secret != null) {
			secret.versions()
				.values()
				.forEach((version) -> labels.put(version.versionId(), new LinkedHashSet<>(version.stages())));
		}
		return labels;
	}

	/**
	 * Publishes the events of an operation that completed. Called with the store locked,
	 * so that events are published in the order the operations took effect.
	 */
	void operationCompleted(String operation, JsonNode request, JsonNode response, SecretEventDocuments.Caller caller,
			Map<String, Set<String>> labelsBefore, @Nullable StoredSecret secret, Instant now) {
		if (!SecretEventDocuments.RECORDED_OPERATIONS.contains(operation)) {
			return;
		}
		publish(this.documents.apiCall(operation, request, response, caller, now));
		if (secret == null) {
			return;
		}
		Map<String, Set<String>> labelsAfter = labels(secret);
		List<ObjectNode> moved = new ArrayList<>();
		labelsAfter.forEach((versionId, labels) -> {
			Set<String> before = labelsBefore.getOrDefault(versionId, Set.of());
			for (String label : labels) {
				if (!before.contains(label) && !UNPUBLISHED_LABELS.contains(label)) {
					ObjectNode event = this.documents.labelUpdated(secret.arn(), secret.name(), label, versionId, now);
					// AWSCURRENT first: the label readers follow.
					moved.add(StoredSecret.AWSCURRENT.equals(label) ? 0 : moved.size(), event);
				}
			}
		});
		moved.forEach(this::publish);
	}

	private void publish(ObjectNode event) {
		String document = this.json.writeValueAsString(event);
		List<EventTarget> current = List.copyOf(this.targets);
		synchronized (this) {
			this.published.add(document);
			if (this.published.size() > PUBLISHED_LIMIT) {
				// Long runs, such as benchmarks, write often; keep memory bounded.
				this.published.remove(0);
			}
			notifyAll();
		}
		if (!current.isEmpty() && !this.delivery.isShutdown()) {
			this.delivery.schedule(() -> deliver(document, current), this.delay.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	// Runs on the delivery thread, which hands each target its events in order.
	private void deliver(String document, List<EventTarget> targets) {
		for (EventTarget target : targets) {
			this.lanes
				.computeIfAbsent(target,
						(key) -> Executors.newSingleThreadExecutor(
								SecretsManagerEmulator.daemonThreads("secrets-manager-emulator-event-target")))
				.execute(() -> deliver(document, target));
		}
	}

	private void closeAfterQueued(EventTarget target) {
		ExecutorService lane = this.lanes.remove(target);
		if (lane == null) {
			closeQuietly(target);
			return;
		}
		lane.execute(() -> closeQuietly(target));
		lane.shutdown();
	}

	private void deliver(String document, EventTarget target) {
		Duration backoff = FIRST_RETRY_DELAY;
		for (int attempt = 1;; attempt++) {
			try {
				target.deliver(document);
				return;
			}
			catch (RuntimeException ex) {
				if (attempt == DELIVERY_ATTEMPTS) {
					logger.info("Could not deliver an event to {}: {}", target, ex.toString());
					this.failedDeliveries.add(new FailedDelivery(target.toString(), document, ex.toString()));
					return;
				}
			}
			try {
				Thread.sleep(backoff.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			backoff = backoff.multipliedBy(2);
		}
	}

	private String detailTypes() {
		List<String> types = new ArrayList<>();
		for (String document : this.published) {
			types.add(this.json.readTree(document).path("detail-type").asString());
		}
		return types.toString();
	}

	private static void closeQuietly(EventTarget target) {
		if (target instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				logger.debug("Could not close event target {}: {}", target, ex.toString());
			}
		}
	}

	/** An SNS topic of the emulator as a rule target. */
	private record TopicTarget(EmulatorTopics topics, String topicArn) implements EventTarget {

		@Override
		public void deliver(String eventJson) {
			this.topics.publish(this.topicArn, eventJson);
		}

		@Override
		public String toString() {
			return "SNS topic " + this.topicArn;
		}

	}

	/**
	 * A delivery that failed every attempt.
	 *
	 * @param target the target, as its {@code toString()} describes it
	 * @param event the event JSON document
	 * @param error the last error, its type and message
	 */
	public record FailedDelivery(String target, String event, String error) {
	}

}
