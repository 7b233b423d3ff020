package io.github.secretsspringboot.sample;

import java.lang.management.ManagementFactory;
import java.util.Set;

/**
 * Heap in use after a full garbage collection, and live threads: what the soak compares
 * between the start and the end of a run to find leaks.
 *
 * @param heapUsedBytes heap in use after {@code System.gc()}
 * @param liveThreads every live thread of the JVM
 * @param applicationThreads live threads less those of the in-process backends (the
 * emulator's server and rotation threads, which idle out on their own schedule) and of
 * Awaitility, which polls on a thread of its own
 */
record JvmFootprint(long heapUsedBytes, int liveThreads, int applicationThreads) {

	private static final long MIB = 1024 * 1024;

	static JvmFootprint measure() {
		// Twice: objects with finalizers or cleaners are only reclaimed by the second
		// one.
		System.gc();
		System.gc();
		long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		Set<Thread> threads = Thread.getAllStackTraces().keySet();
		int application = (int) threads.stream().filter(JvmFootprint::isApplicationThread).count();
		return new JvmFootprint(heapUsed, threads.size(), application);
	}

	static int applicationThreadCount() {
		return (int) Thread.getAllStackTraces().keySet().stream().filter(JvmFootprint::isApplicationThread).count();
	}

	private static boolean isApplicationThread(Thread thread) {
		String name = thread.getName();
		return !name.startsWith("secrets-manager-emulator") && !name.startsWith("awaitility");
	}

	long heapUsedMiB() {
		return Math.round((double) this.heapUsedBytes / MIB);
	}

}
