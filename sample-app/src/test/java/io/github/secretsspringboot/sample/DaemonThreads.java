package io.github.secretsspringboot.sample;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the soak's own threads ({@code prefix-1}, {@code prefix-2}…) and makes them
 * daemons, so that a run that ends in an exception cannot keep the test JVM alive.
 */
final class DaemonThreads {

	private DaemonThreads() {
	}

	static ThreadFactory named(String prefix) {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
