package io.github.secretsspringboot.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.secretsspringboot.test.emulator.EmulatorControl;
import io.github.secretsspringboot.test.emulator.FaultKind;

/**
 * Episodes of Secrets Manager trouble, one after another with calm between them, planned
 * from a seed so that every run with the same seed and duration gets the same schedule:
 * throttling, server errors, latency spikes, timeouts and short outages. The first five
 * episodes are one of each kind, in an order the seed decides, so that even a short run
 * meets every kind; later ones are drawn at random. Each is applied through the
 * emulator's control API when it starts and cleared when it ends.
 */
final class FaultSchedule implements AutoCloseable {

	private static final Duration DEFAULT_TIMEOUT_DELAY = Duration.ofSeconds(30);

	private final List<Episode> episodes;

	private final ScheduledExecutorService scheduler = Executors
		.newSingleThreadScheduledExecutor(DaemonThreads.named("soak-faults"));

	private final AtomicInteger applied = new AtomicInteger();

	private final List<Scheduled> scheduled = new CopyOnWriteArrayList<>();

	private final AtomicInteger due = new AtomicInteger();

	private EmulatorControl control;

	private long startedAt;

	private FaultSchedule(List<Episode> episodes) {
		this.episodes = List.copyOf(episodes);
	}

	/**
	 * Plans episodes over {@code duration}: each starts after 1 to 3 seconds of calm and
	 * lasts 1.5 to 4 seconds (an outage 1.5 to 3), the last one ending at least 3 seconds
	 * before the run does.
	 */
	static FaultSchedule plan(Duration duration, long seed) {
		Random random = new Random(seed);
		List<Kind> firstKinds = new ArrayList<>(List.of(Kind.values()));
		Collections.shuffle(firstKinds, random);
		List<Episode> episodes = new ArrayList<>();
		long end = duration.toMillis() - 3000;
		long at = 0;
		while (true) {
			at += 1000 + random.nextInt(2001);
			Kind kind = (episodes.size() < firstKinds.size()) ? firstKinds.get(episodes.size())
					: Kind.values()[random.nextInt(Kind.values().length)];
			long length = (kind == Kind.OUTAGE) ? 1500 + random.nextInt(1501) : 1500 + random.nextInt(2501);
			if (at + length > end) {
				break;
			}
			double rate = 0.2 + random.nextInt(31) / 100.0;
			Duration delay = Duration.ofMillis(300 + random.nextInt(1201));
			episodes.add(new Episode(Duration.ofMillis(at), Duration.ofMillis(length), kind, rate, delay));
			at += length;
		}
		return new FaultSchedule(episodes);
	}

	void start(EmulatorControl control) {
		this.control = control;
		this.startedAt = System.nanoTime();
		for (Episode episode : this.episodes) {
			ScheduledFuture<?> apply = this.scheduler.schedule(() -> apply(episode), episode.start().toMillis(),
					TimeUnit.MILLISECONDS);
			ScheduledFuture<?> clear = this.scheduler.schedule(this::clear,
					episode.start().plus(episode.length()).toMillis(), TimeUnit.MILLISECONDS);
			this.scheduled.add(new Scheduled(episode, apply, clear));
		}
	}

	/**
	 * Cancels the episodes not yet due, lets those due run (on a busy machine the
	 * scheduler can lag), and leaves the emulator healthy.
	 */
	void stop() throws InterruptedException {
		Duration elapsed = Duration.ofNanos(System.nanoTime() - this.startedAt);
		for (Scheduled scheduled : this.scheduled) {
			if (scheduled.episode().start().compareTo(elapsed) > 0) {
				scheduled.apply().cancel(false);
				scheduled.clear().cancel(false);
			}
			else {
				this.due.incrementAndGet();
			}
		}
		this.scheduler.shutdown();
		if (!this.scheduler.awaitTermination(1, TimeUnit.MINUTES)) {
			throw new IllegalStateException("The fault schedule did not stop");
		}
		if (this.control != null) {
			clear();
		}
	}

	/** Episodes whose start had come when the schedule stopped. */
	int due() {
		return this.due.get();
	}

	List<Episode> episodes() {
		return this.episodes;
	}

	/** Episodes that were applied. */
	int applied() {
		return this.applied.get();
	}

	/** How many episodes of each kind were planned. */
	Map<Kind, Long> planned() {
		Map<Kind, Long> counts = new TreeMap<>();
		this.episodes.forEach((episode) -> counts.merge(episode.kind(), 1L, Long::sum));
		return counts;
	}

	private void apply(Episode episode) {
		switch (episode.kind()) {
			case THROTTLING -> this.control.failRequests(FaultKind.THROTTLING, episode.rate());
			case SERVER_ERRORS -> this.control.failRequests(FaultKind.INTERNAL_SERVICE_ERROR, episode.rate());
			case LATENCY_SPIKE -> this.control.latency(episode.delay());
			case TIMEOUTS -> this.control.timeoutDelay(episode.delay()).failRequests(FaultKind.TIMEOUT, episode.rate());
			case OUTAGE -> this.control.outage(FaultKind.CONNECTION_RESET);
		}
		this.applied.incrementAndGet();
	}

	private void clear() {
		this.control.clearFaults().endOutage().latency(Duration.ZERO).timeoutDelay(DEFAULT_TIMEOUT_DELAY);
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

	/** A kind of trouble. */
	enum Kind {

		/** A share of requests answers {@code ThrottlingException}. */
		THROTTLING,

		/** A share of requests answers {@code InternalServiceError} (HTTP 500). */
		SERVER_ERRORS,

		/** Every response is held back. */
		LATENCY_SPIKE,

		/** A share of requests is held back, then answers HTTP 500. */
		TIMEOUTS,

		/** Every connection is closed without an answer. */
		OUTAGE

	}

	private record Scheduled(Episode episode, ScheduledFuture<?> apply, ScheduledFuture<?> clear) {
	}

	/**
	 * One episode.
	 *
	 * @param start from the start of the run
	 * @param length how long it lasts
	 * @param kind what goes wrong
	 * @param rate share of requests hit, for throttling, server errors and timeouts
	 * @param delay added latency of a spike, or how long a timeout holds a response back
	 */
	record Episode(Duration start, Duration length, Kind kind, double rate, Duration delay) {

		String describe() {
			return switch (this.kind) {
				case THROTTLING, SERVER_ERRORS -> "%s of %.0f%% of requests".formatted(this.kind, this.rate * 100);
				case LATENCY_SPIKE -> "%s of %d ms".formatted(this.kind, this.delay.toMillis());
				case TIMEOUTS ->
					"%s of %.0f%% of requests, held %d ms".formatted(this.kind, this.rate * 100, this.delay.toMillis());
				case OUTAGE -> "OUTAGE (connections reset)";
			};
		}

	}

}
