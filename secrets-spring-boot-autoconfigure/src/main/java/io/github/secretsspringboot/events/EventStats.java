package io.github.secretsspringboot.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * What the event source did, shared by the consumer (the queue's state) and the handler
 * (what became of each message).
 *
 * @author secrets-spring-boot
 */
final class EventStats implements SecretEventSource {

	static final String FOREIGN = "foreign";

	static final String NOT_IMPORTED = "not-imported";

	static final String LABEL_NOT_FOLLOWED = "label-not-followed";

	static final String NO_CHANGE = "no-change";

	static final String ANNOUNCED_BY_LABEL_EVENT = "announced-by-label-event";

	private final String mode;

	private final Clock clock;

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong applied = new AtomicLong();

	private final AtomicLong invalid = new AtomicLong();

	private final AtomicLong catchUps = new AtomicLong();

	private final Map<String, AtomicLong> ignored = new ConcurrentHashMap<>();

	private volatile State state = State.STOPPED;

	private volatile @Nullable String queueUrl;

	private volatile @Nullable Instant lastEventAt;

	private volatile @Nullable Instant lastEventTime;

	private volatile @Nullable LastError lastError;

	private volatile Consumer<Duration> delays = (delay) -> {
	};

	EventStats(String mode, Clock clock) {
		this.mode = mode;
		this.clock = clock;
		for (String reason : new String[] { FOREIGN, NOT_IMPORTED, LABEL_NOT_FOLLOWED, ANNOUNCED_BY_LABEL_EVENT,
				NO_CHANGE }) {
			this.ignored.put(reason, new AtomicLong());
		}
	}

	@Override
	public String mode() {
		return this.mode;
	}

	@Override
	public @Nullable String queueUrl() {
		return this.queueUrl;
	}

	@Override
	public State state() {
		return this.state;
	}

	@Override
	public @Nullable Instant lastEventAt() {
		return this.lastEventAt;
	}

	@Override
	public @Nullable Duration lag() {
		Instant time = this.lastEventTime;
		return (time != null) ? Duration.between(time, this.clock.instant()) : null;
	}

	@Override
	public @Nullable LastError lastError() {
		return this.lastError;
	}

	@Override
	public long received() {
		return this.received.get();
	}

	@Override
	public long applied() {
		return this.applied.get();
	}

	@Override
	public Map<String, Long> ignored() {
		Map<String, Long> counts = new TreeMap<>();
		this.ignored.forEach((reason, count) -> counts.put(reason, count.get()));
		return counts;
	}

	long ignoredFor(String reason) {
		AtomicLong count = this.ignored.get(reason);
		return (count != null) ? count.get() : 0;
	}

	@Override
	public long invalid() {
		return this.invalid.get();
	}

	@Override
	public long catchUps() {
		return this.catchUps.get();
	}

	void countCatchUp() {
		this.catchUps.incrementAndGet();
	}

	void connecting() {
		this.state = State.CONNECTING;
	}

	void connected(String queueUrl) {
		this.queueUrl = queueUrl;
		this.state = State.CONNECTED;
		this.lastError = null;
	}

	void failed(Exception failure) {
		this.state = State.FAILING;
		this.lastError = new LastError(kind(failure), message(failure), this.clock.instant());
	}

	void stopped() {
		this.state = State.STOPPED;
	}

	void countReceived() {
		this.received.incrementAndGet();
	}

	void eventReceived(@Nullable Instant eventTime) {
		Instant now = this.clock.instant();
		this.lastEventAt = now;
		if (eventTime != null) {
			this.lastEventTime = eventTime;
		}
	}

	void countApplied() {
		this.applied.incrementAndGet();
	}

	void countIgnored(String reason) {
		this.ignored.computeIfAbsent(reason, (key) -> new AtomicLong()).incrementAndGet();
	}

	void countInvalid() {
		this.invalid.incrementAndGet();
	}

	void delay(Duration delay) {
		this.delays.accept(delay);
	}

	void onDelay(Consumer<Duration> delays) {
		this.delays = delays;
	}

	private static String kind(Exception failure) {
		if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null
				&& service.awsErrorDetails().errorCode() != null) {
			return service.awsErrorDetails().errorCode();
		}
		return failure.getClass().getSimpleName();
	}

	private static String message(Exception failure) {
		if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null
				&& service.awsErrorDetails().errorMessage() != null) {
			return service.awsErrorDetails().errorMessage();
		}
		String message = failure.getMessage();
		return (message != null) ? message : failure.getClass().getName();
	}

}
