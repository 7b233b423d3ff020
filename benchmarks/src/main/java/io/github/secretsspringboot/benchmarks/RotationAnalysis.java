package io.github.secretsspringboot.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

import io.github.secretsspringboot.benchmarks.RecordingDriver.Login;

/**
 * The figures of one probe run, from its queries, its logins and the rotations the
 * harness drove. Only queries that started between the start and the end of the
 * measurement count.
 * <ul>
 * <li>A query is <em>during a rotation</em> if it started between RotateSecret and
 * finishSecret plus the settle time, <em>outside</em> otherwise. Latencies are those of
 * every query, a failed one's being the time until it failed.</li>
 * <li>A query runs on the credentials its connection logged in with: the last successful
 * login with the backend process id the query returned.</li>
 * <li>Per rotation, up to the start of the next one (or the end): the first successful
 * query that started after finishSecret on the rotation's new credentials (a connection
 * opened with them during the rotation window counts, as the credentials are in use); the
 * last successful query after finishSecret on other credentials (when the pool had
 * moved); and, if the database rejected a login, the first successful query on a
 * connection that logged in with the new credentials after that rejection. Each is given
 * as the time from its reference (finishSecret, the rejection) to the query's end.</li>
 * <li>Also: the whole seconds of the measurement in which no query succeeded, and whether
 * the environment's and the pool's credentials at the end are the last rotation's.</li>
 * </ul>
 */
final class RotationAnalysis {

	/**
	 * Single-user, single-user with the pool's connections renewed in the window,
	 * alternating users.
	 */
	static final List<String> KINDS = List.of("single", "single-evict", "alternating");

	private static final long NONE = Long.MIN_VALUE;

	private final String library;

	private final List<QueryLog> logs;

	private final List<Login> logins;

	private final List<Rotation> rotations;

	private final long measureStart;

	private final long measureEnd;

	private final String environmentCredentials;

	private final String poolCredentials;

	private final Map<Integer, List<Login>> loginsByPid = new HashMap<>();

	/**
	 * @param environmentCredentials fingerprint of the environment's DataSource
	 * credentials at the end
	 * @param poolCredentials fingerprint of the pool's own credentials at the end
	 */
	RotationAnalysis(String library, List<QueryLog> logs, List<Login> logins, List<Rotation> rotations,
			long measureStart, long measureEnd, String environmentCredentials, String poolCredentials) {
		this.library = library;
		this.logs = logs;
		this.logins = logins;
		this.rotations = rotations.stream().sorted(Comparator.comparingLong(Rotation::start)).toList();
		this.measureStart = measureStart;
		this.measureEnd = measureEnd;
		this.environmentCredentials = environmentCredentials;
		this.poolCredentials = poolCredentials;
		for (Login login : logins) {
			if (login.succeeded()) {
				this.loginsByPid.computeIfAbsent(login.backendPid(), (pid) -> new ArrayList<>()).add(login);
			}
		}
	}

	void print(PrintStream out) {
		printTotals(out);
		List<Outcome> outcomes = new ArrayList<>();
		for (int i = 0; i < this.rotations.size(); i++) {
			Rotation rotation = this.rotations.get(i);
			long horizon = (i + 1 < this.rotations.size()) ? this.rotations.get(i + 1).start() : this.measureEnd;
			outcomes.add(outcome(rotation, horizon));
		}
		for (String kind : KINDS) {
			List<Outcome> ofKind = outcomes.stream()
				.filter((outcome) -> outcome.rotation().kind().equals(kind))
				.toList();
			if (!ofKind.isEmpty()) {
				printKind(out, kind, ofKind);
			}
		}
		for (Outcome outcome : outcomes) {
			Rotation rotation = outcome.rotation();
			out.printf(Locale.ROOT,
					"DETAIL library=%s kind=%s index=%d status=%s firstNew=%s lastOld=%s "
							+ "rejectedAfterStart=%s rejectedLogins=%d recovery=%s%n",
					this.library, rotation.kind(), rotation.index(), rotation.status(), millis(outcome.firstNew()),
					millis(outcome.lastOld()),
					millis((outcome.firstRejected() == NONE) ? NONE : outcome.firstRejected() - rotation.start()),
					outcome.rejectedLogins(), millis(outcome.recovery()));
		}
	}

	private void printTotals(PrintStream out) {
		long served = 0;
		long failed = 0;
		IntList during = new IntList();
		IntList outside = new IntList();
		// Whole seconds of the measurement, and whether a query succeeded in each.
		boolean[] servedIn = new boolean[(int) ((this.measureEnd - this.measureStart) / 1_000_000)];
		for (QueryLog log : this.logs) {
			for (int i = log.firstAtOrAfter(this.measureStart); i < log.size()
					&& log.start(i) <= this.measureEnd; i++) {
				if (log.succeeded(i)) {
					served++;
					int second = (int) ((log.end(i) - this.measureStart) / 1_000_000);
					if (second < servedIn.length) {
						servedIn[second] = true;
					}
				}
				else {
					failed++;
				}
				(duringRotation(log.start(i)) ? during : outside).add(log.latency(i));
			}
		}
		long rejected = this.logins.stream()
			.filter((login) -> login.micros() >= this.measureStart && login.micros() <= this.measureEnd)
			.filter(Login::rejected)
			.count();
		long opened = this.logins.stream()
			.filter((login) -> login.micros() >= this.measureStart && login.micros() <= this.measureEnd)
			.filter(Login::succeeded)
			.count();
		int idleSeconds = 0;
		for (boolean any : servedIn) {
			idleSeconds += any ? 0 : 1;
		}
		String last = this.rotations.stream()
			.filter((rotation) -> rotation.status().equals("SUCCEEDED"))
			.reduce((first, second) -> second)
			.map(Rotation::fingerprint)
			.orElse("-");
		out.printf(Locale.ROOT,
				"RESULT library=%s served=%d failed=%d seconds=%d secondsWithoutService=%d duringQueries=%d "
						+ "duringP50=%s duringP99=%s outsideQueries=%d outsideP50=%s outsideP99=%s logins=%d "
						+ "rejectedLogins=%d environmentOnLast=%s poolOnLast=%s%n",
				this.library, served, failed, servedIn.length, idleSeconds, during.size(),
				millis(during.percentile(0.50)), millis(during.percentile(0.99)), outside.size(),
				millis(outside.percentile(0.50)), millis(outside.percentile(0.99)), opened, rejected,
				last.equals(this.environmentCredentials) ? "yes" : "no",
				last.equals(this.poolCredentials) ? "yes" : "no");
	}

	private void printKind(PrintStream out, String kind, List<Outcome> outcomes) {
		List<Outcome> switched = outcomes.stream().filter((outcome) -> outcome.firstNew() != NONE).toList();
		List<Outcome> rejected = outcomes.stream().filter((outcome) -> outcome.firstRejected() != NONE).toList();
		List<Outcome> recovered = rejected.stream().filter((outcome) -> outcome.recovery() != NONE).toList();
		long succeeded = outcomes.stream().filter((outcome) -> outcome.rotation().status().equals("SUCCEEDED")).count();
		out.printf(Locale.ROOT,
				"KIND library=%s kind=%s rotations=%d succeeded=%d switched=%d firstNewMedian=%s firstNewMax=%s "
						+ "lastOldMedian=%s lastOldMax=%s rejectedRotations=%d rejectedLogins=%d recovered=%d "
						+ "recoveryMedian=%s recoveryMax=%s%n",
				this.library, kind, outcomes.size(), succeeded, switched.size(),
				millis(median(switched, Outcome::firstNew)), millis(max(switched, Outcome::firstNew)),
				millis(median(switched, Outcome::lastOld)), millis(max(switched, Outcome::lastOld)), rejected.size(),
				outcomes.stream().mapToLong(Outcome::rejectedLogins).sum(), recovered.size(),
				millis(median(recovered, Outcome::recovery)), millis(max(recovered, Outcome::recovery)));
	}

	private Outcome outcome(Rotation rotation, long horizon) {
		long finish = rotation.finish();
		String fresh = rotation.fingerprint();
		long firstNewEnd = Long.MAX_VALUE;
		long lastOldEnd = NONE;
		for (QueryLog log : this.logs) {
			for (int i = log.firstAtOrAfter(finish); i < log.size() && log.start(i) < horizon; i++) {
				if (!log.succeeded(i)) {
					continue;
				}
				Login login = loginOf(log.pid(i), log.start(i));
				if (login == null) {
					continue;
				}
				if (login.fingerprint().equals(fresh)) {
					firstNewEnd = Math.min(firstNewEnd, log.end(i));
				}
				else {
					lastOldEnd = Math.max(lastOldEnd, log.end(i));
				}
			}
		}
		long firstRejected = NONE;
		int rejectedLogins = 0;
		for (Login login : this.logins) {
			if (login.rejected() && login.micros() >= rotation.start() && login.micros() < horizon) {
				rejectedLogins++;
				if (firstRejected == NONE) {
					firstRejected = login.micros();
				}
			}
		}
		long recoveryEnd = Long.MAX_VALUE;
		if (firstRejected != NONE) {
			for (QueryLog log : this.logs) {
				for (int i = log.firstAtOrAfter(firstRejected); i < log.size() && log.start(i) < horizon; i++) {
					if (!log.succeeded(i) || log.start(i) >= recoveryEnd) {
						continue;
					}
					Login login = loginOf(log.pid(i), log.start(i));
					if (login != null && login.micros() >= firstRejected && login.fingerprint().equals(fresh)) {
						recoveryEnd = Math.min(recoveryEnd, log.end(i));
					}
				}
			}
		}
		long firstNew = (firstNewEnd == Long.MAX_VALUE) ? NONE : firstNewEnd - finish;
		long lastOld = (firstNew == NONE) ? NONE : (lastOldEnd == NONE) ? 0 : lastOldEnd - finish;
		long recovery = (recoveryEnd == Long.MAX_VALUE) ? NONE : recoveryEnd - firstRejected;
		return new Outcome(rotation, firstNew, lastOld, firstRejected, rejectedLogins, recovery);
	}

	/** The last successful login of the backend before the query started. */
	private Login loginOf(int pid, long queryStart) {
		List<Login> candidates = this.loginsByPid.get(pid);
		if (candidates == null) {
			return null;
		}
		Login found = null;
		for (Login login : candidates) {
			if (login.micros() > queryStart) {
				break;
			}
			found = login;
		}
		return found;
	}

	private boolean duringRotation(long micros) {
		for (Rotation rotation : this.rotations) {
			if (micros >= rotation.start() && micros <= rotation.end()) {
				return true;
			}
		}
		return false;
	}

	private static long median(List<Outcome> outcomes, ToLongFunction<Outcome> value) {
		long[] values = outcomes.stream().mapToLong(value).sorted().toArray();
		return (values.length == 0) ? NONE : values[(values.length - 1) / 2];
	}

	private static long max(List<Outcome> outcomes, ToLongFunction<Outcome> value) {
		return outcomes.stream().mapToLong(value).max().orElse(NONE);
	}

	/** Microseconds as milliseconds, {@code -} for none. */
	private static String millis(long micros) {
		return (micros == NONE) ? "-" : String.format(Locale.ROOT, "%.2f", micros / 1000.0);
	}

	/**
	 * One rotation the harness drove.
	 *
	 * @param index its number, from 1
	 * @param kind one of {@link #KINDS}
	 * @param status how the emulator says it ended
	 * @param start when RotateSecret was sent (microseconds since the epoch)
	 * @param finish when finishSecret returned
	 * @param end finish plus the settle time
	 * @param fingerprint of the new version's credentials
	 */
	record Rotation(int index, String kind, String status, long start, long finish, long end, String fingerprint) {
	}

	private record Outcome(Rotation rotation, long firstNew, long lastOld, long firstRejected, int rejectedLogins,
			long recovery) {
	}

	/** Latencies in microseconds. */
	private static final class IntList {

		private int[] values = new int[1 << 16];

		private int size;

		void add(int value) {
			if (this.size == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = value;
		}

		int size() {
			return this.size;
		}

		/** The nearest-rank percentile, {@code NONE} if empty. */
		long percentile(double quantile) {
			if (this.size == 0) {
				return NONE;
			}
			int[] sorted = Arrays.copyOf(this.values, this.size);
			Arrays.sort(sorted);
			int rank = (int) Math.ceil(quantile * this.size);
			return sorted[Math.max(0, rank - 1)];
		}

	}

}
