package io.github.secretsspringboot.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Writes a dump of every thread (names, states, locks and frames; no values) when no
 * request has been served for {@code threshold}, so that a stall of the application,
 * which fails no request as long as it ends before the request timeout, can be explained
 * afterwards. At most a few dumps per run.
 */
final class StallWatch implements AutoCloseable {

	private static final int MAX_DUMPS = 3;

	private final LongSupplier served;

	private final Duration threshold;

	private final Path file;

	private final ScheduledExecutorService scheduler = Executors
		.newSingleThreadScheduledExecutor(DaemonThreads.named("soak-stall-watch"));

	private final AtomicInteger dumps = new AtomicInteger();

	private long lastServed = -1;

	private long lastProgressAt;

	private boolean dumpedThisStall;

	StallWatch(LongSupplier served, Duration threshold, Path file) {
		this.served = served;
		this.threshold = threshold;
		this.file = file;
	}

	void start() {
		this.lastProgressAt = System.nanoTime();
		this.scheduler.scheduleWithFixedDelay(this::check, 100, 100, TimeUnit.MILLISECONDS);
	}

	int dumps() {
		return this.dumps.get();
	}

	private void check() {
		long now = System.nanoTime();
		long current = this.served.getAsLong();
		if (current != this.lastServed) {
			this.lastServed = current;
			this.lastProgressAt = now;
			this.dumpedThisStall = false;
			return;
		}
		if (!this.dumpedThisStall && now - this.lastProgressAt >= this.threshold.toNanos()
				&& this.dumps.get() < MAX_DUMPS) {
			this.dumpedThisStall = true;
			this.dumps.incrementAndGet();
			dump();
		}
	}

	private void dump() {
		StringBuilder dump = new StringBuilder("=== No request served for ").append(this.threshold.toMillis())
			.append(" ms at ")
			.append(Instant.now())
			.append('\n');
		for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
			dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
			if (thread.getLockName() != null) {
				dump.append(" on ").append(thread.getLockName());
			}
			if (thread.getLockOwnerName() != null) {
				dump.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
			}
			dump.append('\n');
			for (StackTraceElement frame : thread.getStackTrace()) {
				dump.append("\tat ").append(frame).append('\n');
			}
			dump.append('\n');
		}
		try {
			Files.createDirectories(this.file.toAbsolutePath().getParent());
			Files.writeString(this.file, dump, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
