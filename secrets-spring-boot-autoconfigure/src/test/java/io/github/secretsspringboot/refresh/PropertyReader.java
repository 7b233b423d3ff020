package io.github.secretsspringboot.refresh;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Reads a password that comes from a secret from a running application every few
 * milliseconds, as its code does: {@code <prefix>.password} from the {@code Environment},
 * and the keys under {@code <prefix>} bound to an object with the {@link Binder} (as
 * {@code @ConfigurationProperties} are). A read fails when it throws, finds no value,
 * finds a value that is not one of those expected, or goes back to an earlier one.
 * Failures are described without their values.
 */
final class PropertyReader implements AutoCloseable {

	private final ConfigurableEnvironment environment;

	private final String prefix;

	private final List<String> expected;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "property-reader");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicLong reads = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final List<String> failureDescriptions = new CopyOnWriteArrayList<>();

	/** The index in {@code expected} of the latest value read. */
	private final AtomicInteger latest = new AtomicInteger();

	private PropertyReader(ConfigurableEnvironment environment, String prefix, List<String> expected) {
		this.environment = environment;
		this.prefix = prefix;
		this.expected = expected;
	}

	/**
	 * Starts reading the password under {@code prefix}, which must be
	 * {@code expected[0]}, later {@code expected[1]} and so on, never going back.
	 */
	static PropertyReader start(ConfigurableEnvironment environment, String prefix, String... expected) {
		PropertyReader reader = new PropertyReader(environment, prefix, List.of(expected));
		reader.executor.scheduleWithFixedDelay(reader::read, 0, 5, TimeUnit.MILLISECONDS);
		return reader;
	}

	private void read() {
		long read = this.reads.incrementAndGet();
		try {
			check(read, "Environment", this.environment.getProperty(this.prefix + ".password"));
			Credentials bound = Binder.get(this.environment).bind(this.prefix, Credentials.class).orElse(null);
			check(read, "bound object", (bound != null) ? bound.password() : null);
		}
		catch (RuntimeException ex) {
			fail(read, ex.getClass().getName());
		}
	}

	private void check(long read, String how, String value) {
		int index = indexOf(value);
		if (index < 0) {
			fail(read, how + " gave "
					+ ((value != null) ? "an unexpected value of " + value.length() + " characters" : "no value"));
			return;
		}
		int previous = this.latest.getAndAccumulate(index, Math::max);
		if (index < previous) {
			fail(read, how + " went back from value " + previous + " to value " + index);
		}
	}

	private int indexOf(String value) {
		for (int i = 0; i < this.expected.size(); i++) {
			if (Objects.equals(this.expected.get(i), value)) {
				return i;
			}
		}
		return -1;
	}

	private void fail(long read, String description) {
		this.failures.incrementAndGet();
		if (this.failureDescriptions.size() < 20) {
			this.failureDescriptions.add("read " + read + ": " + description);
		}
	}

	long reads() {
		return this.reads.get();
	}

	long failures() {
		return this.failures.get();
	}

	/** Up to 20 failures, described without values. */
	List<String> failureDescriptions() {
		return List.copyOf(this.failureDescriptions);
	}

	/** The index in the expected values of the latest value read. */
	int latest() {
		return this.latest.get();
	}

	@Override
	public void close() {
		this.executor.shutdown();
		try {
			this.executor.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * What the application binds the secret's keys to.
	 *
	 * @param username the user name
	 * @param password the password
	 */
	record Credentials(String username, String password) {

		@Override
		public String toString() {
			return "Credentials[username=" + this.username + "]";
		}

	}

}
