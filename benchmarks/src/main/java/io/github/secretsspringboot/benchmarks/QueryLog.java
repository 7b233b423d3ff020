package io.github.secretsspringboot.benchmarks;

import java.util.Arrays;

/**
 * The queries of one client thread, in the order they started: start time (microseconds
 * since the epoch), latency (microseconds) and the backend process id the query returned,
 * {@code 0} for a failed query. Primitive arrays, so that millions of queries cost little
 * memory and no allocation per query; written by its thread only, read once it has
 * stopped.
 */
final class QueryLog {

	private long[] starts = new long[1 << 16];

	private int[] latencies = new int[1 << 16];

	private int[] pids = new int[1 << 16];

	private int size;

	void add(long startMicros, long latencyMicros, int backendPid) {
		if (this.size == this.starts.length) {
			int capacity = this.size * 2;
			this.starts = Arrays.copyOf(this.starts, capacity);
			this.latencies = Arrays.copyOf(this.latencies, capacity);
			this.pids = Arrays.copyOf(this.pids, capacity);
		}
		this.starts[this.size] = startMicros;
		this.latencies[this.size] = (int) Math.min(Integer.MAX_VALUE, latencyMicros);
		this.pids[this.size] = backendPid;
		this.size++;
	}

	int size() {
		return this.size;
	}

	long start(int i) {
		return this.starts[i];
	}

	int latency(int i) {
		return this.latencies[i];
	}

	long end(int i) {
		return this.starts[i] + this.latencies[i];
	}

	int pid(int i) {
		return this.pids[i];
	}

	boolean succeeded(int i) {
		return this.pids[i] != 0;
	}

	/** The index of the first query that started at or after {@code micros}. */
	int firstAtOrAfter(long micros) {
		int low = 0;
		int high = this.size;
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (this.starts[middle] < micros) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

}
