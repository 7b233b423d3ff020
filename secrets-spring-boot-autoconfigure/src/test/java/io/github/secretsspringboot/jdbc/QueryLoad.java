package io.github.secretsspringboot.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * Threads that run a query through a pool without pause, counting what succeeds and what
 * fails, and noting each distinct answer.
 */
final class QueryLoad implements AutoCloseable {

	private final List<Thread> threads = new ArrayList<>();

	/** Every query since the start. */
	private final Mark total = new Mark();

	private volatile boolean running = true;

	private volatile Mark mark;

	private QueryLoad() {
	}

	static QueryLoad start(DataSource dataSource, int threads, String sql) {
		QueryLoad load = new QueryLoad();
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> load.run(dataSource, sql), "query-load-" + i);
			thread.setDaemon(true);
			load.threads.add(thread);
			thread.start();
		}
		return load;
	}

	private void run(DataSource dataSource, String sql) {
		while (this.running) {
			// Read before the query starts: it counts for a mark only if it started after
			// it.
			Mark since = this.mark;
			try (Connection connection = dataSource.getConnection();
					Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery(sql)) {
				result.next();
				String answer = String.valueOf(result.getString(1));
				this.total.succeeded(answer);
				if (since != null) {
					since.succeeded(answer);
				}
			}
			catch (SQLException | RuntimeException ex) {
				String description = describe(ex);
				this.total.failed(description);
				if (since != null) {
					since.failed(description);
				}
			}
		}
	}

	private static String describe(Exception ex) {
		return ex.getClass().getSimpleName() + " "
				+ ((ex instanceof SQLException failure) ? "SQLState " + failure.getSQLState() : "") + ": "
				+ ex.getMessage();
	}

	/**
	 * Starts counting, apart, the queries that start from now on, what they answer and
	 * how they fail.
	 */
	Mark mark() {
		Mark started = new Mark();
		this.mark = started;
		return started;
	}

	long successes() {
		return this.total.successes();
	}

	long failures() {
		return this.total.failures();
	}

	/** Up to 20 failures, described. */
	List<String> failureDescriptions() {
		return this.total.failureDescriptions();
	}

	Set<String> answers() {
		return this.total.answers();
	}

	void clearAnswers() {
		this.total.answers.clear();
	}

	/**
	 * The queries started after a call to {@link QueryLoad#mark()}.
	 */
	static final class Mark {

		private final AtomicLong successes = new AtomicLong();

		private final AtomicLong failureCount = new AtomicLong();

		private final List<String> failures = new CopyOnWriteArrayList<>();

		private final Set<String> answers = ConcurrentHashMap.newKeySet();

		private void succeeded(String answer) {
			this.answers.add(answer);
			this.successes.incrementAndGet();
		}

		private void failed(String description) {
			this.failureCount.incrementAndGet();
			if (this.failures.size() < 20) {
				this.failures.add(description);
			}
		}

		long successes() {
			return this.successes.get();
		}

		long failures() {
			return this.failureCount.get();
		}

		/** Up to 20 failures, described. */
		List<String> failureDescriptions() {
			return List.copyOf(this.failures);
		}

		Set<String> answers() {
			return Set.copyOf(this.answers);
		}

	}

	@Override
	public void close() {
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join(Duration.ofSeconds(30).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
