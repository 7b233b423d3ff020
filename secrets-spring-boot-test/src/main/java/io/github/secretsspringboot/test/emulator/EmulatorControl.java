package io.github.secretsspringboot.test.emulator;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * Shapes how the emulator answers, for tests and benchmarks: added latency, outages,
 * injected failures, denied secrets, and the count of requests per operation.
 * Thread-safe; changes apply to the next request. Faults for a share of requests draw
 * from one source seeded by {@link SecretsManagerEmulator.Builder#randomSeed(long)}.
 */
public final class EmulatorControl {

	private final EmulatorClock clock;

	/**
	 * The one seeded source of fault draws; not thread-safe, so drawn from under its
	 * lock.
	 */
	private final RandomGenerator random;

	private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);

	private final AtomicReference<Duration> timeoutDelay = new AtomicReference<>(Duration.ofSeconds(30));

	private final AtomicReference<FaultKind> outage = new AtomicReference<>();

	private final List<FaultRule> faultRules = new CopyOnWriteArrayList<>();

	private final Set<String> deniedSecrets = ConcurrentHashMap.newKeySet();

	private final Map<String, Set<String>> deniedOperations = new ConcurrentHashMap<>();

	private final Set<String> undecryptableSecrets = ConcurrentHashMap.newKeySet();

	private final Map<String, AtomicLong> requestCounts = new ConcurrentHashMap<>();

	EmulatorControl(EmulatorClock clock, RandomGenerator random) {
		this.clock = clock;
		this.random = random;
	}

	/**
	 * Adds {@code latency} to every Secrets Manager response, to emulate a network round
	 * trip.
	 */
	public EmulatorControl latency(Duration latency) {
		this.latency.set(requireNonNegative(latency));
		return this;
	}

	public Duration latency() {
		return this.latency.get();
	}

	/**
	 * How long a {@link FaultKind#TIMEOUT} response is held back (default 30 seconds).
	 */
	public EmulatorControl timeoutDelay(Duration delay) {
		this.timeoutDelay.set(requireNonNegative(delay));
		return this;
	}

	public Duration timeoutDelay() {
		return this.timeoutDelay.get();
	}

	/**
	 * Every Secrets Manager request fails with {@code kind} until {@link #endOutage()}.
	 */
	public EmulatorControl outage(FaultKind kind) {
		this.outage.set(kind);
		return this;
	}

	/** An outage in which the endpoint accepts connections but never answers. */
	public EmulatorControl outage() {
		return outage(FaultKind.CONNECTION_RESET);
	}

	public EmulatorControl endOutage() {
		this.outage.set(null);
		return this;
	}

	public boolean isOutage() {
		return this.outage.get() != null;
	}

	/**
	 * Fails the given share of requests ({@code 0.0} to {@code 1.0}) with {@code kind};
	 * only requests for the named operations when any are given.
	 */
	public EmulatorControl failRequests(FaultKind kind, double rate, String... operations) {
		if (rate < 0.0 || rate > 1.0) {
			throw new IllegalArgumentException("rate must be between 0.0 and 1.0, was " + rate);
		}
		this.faultRules.add(new FaultRule(kind, rate, Set.of(operations), null));
		return this;
	}

	/**
	 * Fails the next {@code count} requests with {@code kind}, only requests for the
	 * named operations when any are given, then answers them normally again: a transient
	 * fault of known length, so that a test can tell exactly how many requests recovering
	 * takes.
	 */
	public EmulatorControl failNextRequests(FaultKind kind, int count, String... operations) {
		if (count < 0) {
			throw new IllegalArgumentException("count must not be negative, was " + count);
		}
		this.faultRules.add(new FaultRule(kind, 1.0, Set.of(operations), new AtomicInteger(count)));
		return this;
	}

	public EmulatorControl clearFaults() {
		this.faultRules.clear();
		return this;
	}

	/**
	 * Answers every request about the secret (name or ARN as created) with
	 * {@code AccessDeniedException}, as a missing IAM permission would.
	 */
	public EmulatorControl denyAccess(String secretName) {
		this.deniedSecrets.add(secretName);
		return this;
	}

	/**
	 * Answers requests of the named operations about the secret (name or ARN as created)
	 * with {@code AccessDeniedException}, other operations normally: as for a secret of
	 * another account, whose resource policy can open GetSecretValue but not
	 * BatchGetSecretValue.
	 */
	public EmulatorControl denyOperations(String secretName, String... operations) {
		this.deniedOperations.computeIfAbsent(secretName, (name) -> ConcurrentHashMap.newKeySet())
			.addAll(List.of(operations));
		return this;
	}

	public EmulatorControl allowAccess(String secretName) {
		this.deniedSecrets.remove(secretName);
		this.deniedOperations.remove(secretName);
		return this;
	}

	/**
	 * Answers reads of the secret's value with {@code DecryptionFailure}, as a disabled
	 * KMS key would.
	 */
	public EmulatorControl failDecryption(String secretName) {
		this.undecryptableSecrets.add(secretName);
		return this;
	}

	public EmulatorControl allowDecryption(String secretName) {
		this.undecryptableSecrets.remove(secretName);
		return this;
	}

	/** Moves the emulator's clock forward (recovery windows, rotation dates). */
	public EmulatorControl advanceClock(Duration amount) {
		this.clock.advance(requireNonNegative(amount));
		return this;
	}

	/**
	 * Requests received for {@code operation} (e.g. {@code "GetSecretValue"}), failed
	 * ones included.
	 */
	public long requestCount(String operation) {
		AtomicLong count = this.requestCounts.get(operation);
		return (count != null) ? count.get() : 0;
	}

	public long totalRequests() {
		return this.requestCounts.values().stream().mapToLong(AtomicLong::get).sum();
	}

	/** A snapshot of request counts by operation, sorted by operation name. */
	public Map<String, Long> requestCounts() {
		Map<String, Long> snapshot = new TreeMap<>();
		this.requestCounts.forEach((operation, count) -> snapshot.put(operation, count.get()));
		return snapshot;
	}

	public EmulatorControl resetCounters() {
		this.requestCounts.clear();
		return this;
	}

	/** Back to a healthy, instant emulator with zeroed counters; secrets are kept. */
	public EmulatorControl reset() {
		this.latency.set(Duration.ZERO);
		this.timeoutDelay.set(Duration.ofSeconds(30));
		this.outage.set(null);
		this.faultRules.clear();
		this.deniedSecrets.clear();
		this.deniedOperations.clear();
		this.undecryptableSecrets.clear();
		this.requestCounts.clear();
		return this;
	}

	void countRequest(String operation) {
		this.requestCounts.computeIfAbsent(operation, (key) -> new AtomicLong()).incrementAndGet();
	}

	/** The fault to inject into this request, or {@code null} to answer it normally. */
	FaultKind faultFor(String operation) {
		FaultKind current = this.outage.get();
		if (current != null) {
			return current;
		}
		for (FaultRule rule : this.faultRules) {
			if (rule.appliesTo(operation) && rule.take() && hits(rule.rate())) {
				return rule.kind();
			}
		}
		return null;
	}

	/**
	 * Whether a fault of this rate hits the request. Only a rate strictly between 0 and 1
	 * draws, one number of the seeded sequence per request whatever the thread: the same
	 * seed and the same requests give the same faults, and faults by count do not shift
	 * them.
	 */
	private boolean hits(double rate) {
		if (rate >= 1.0 || rate <= 0.0) {
			return rate >= 1.0;
		}
		synchronized (this.random) {
			return this.random.nextDouble() < rate;
		}
	}

	boolean isDenied(StoredSecret secret, String operation) {
		return matchesAny(this.deniedSecrets, secret)
				|| this.deniedOperations.getOrDefault(secret.name(), Set.of()).contains(operation)
				|| this.deniedOperations.getOrDefault(secret.arn(), Set.of()).contains(operation);
	}

	boolean isUndecryptable(StoredSecret secret) {
		return matchesAny(this.undecryptableSecrets, secret);
	}

	private static boolean matchesAny(Collection<String> ids, StoredSecret secret) {
		return ids.contains(secret.name()) || ids.contains(secret.arn());
	}

	private static Duration requireNonNegative(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("duration must not be negative, was " + duration);
		}
		return duration;
	}

	/**
	 * A fault for a share of requests; with {@code remaining}, for that many requests
	 * only.
	 */
	private record FaultRule(FaultKind kind, double rate, Set<String> operations, AtomicInteger remaining) {

		boolean appliesTo(String operation) {
			return this.operations.isEmpty() || this.operations.contains(operation);
		}

		/**
		 * Whether the rule still has a request to fail, using one up if it counts them.
		 */
		boolean take() {
			return this.remaining == null || this.remaining.getAndUpdate((left) -> Math.max(0, left - 1)) > 0;
		}

	}

}
