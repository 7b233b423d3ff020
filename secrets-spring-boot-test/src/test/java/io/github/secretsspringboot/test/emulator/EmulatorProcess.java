package io.github.secretsspringboot.test.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * {@link EmulatorMain} in a child JVM on the test classpath, as {@code java -jar} would
 * run it, with its output collected line by line.
 */
final class EmulatorProcess implements AutoCloseable {

	private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

	private static final Duration STARTUP = Duration.ofSeconds(60);

	private final Process process;

	private final List<String> out = new CopyOnWriteArrayList<>();

	private final List<String> err = new CopyOnWriteArrayList<>();

	/** Output streams read to their end: the process's output is complete at 2. */
	private final AtomicInteger drainedStreams = new AtomicInteger();

	private EmulatorProcess(Process process) {
		this.process = process;
		collect(process.getInputStream(), this.out, "stdout");
		collect(process.getErrorStream(), this.err, "stderr");
	}

	static EmulatorProcess start(String... args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(EmulatorMain.class.getName());
		command.addAll(List.of(args));
		try {
			return new EmulatorProcess(new ProcessBuilder(command).start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The endpoint the process prints once it listens. */
	URI awaitEndpoint() {
		await().atMost(STARTUP).until(() -> endpoint() != null || !this.process.isAlive());
		URI endpoint = endpoint();
		if (endpoint == null) {
			throw new IllegalStateException("The emulator did not start: " + this.out + " " + this.err);
		}
		return endpoint;
	}

	/** Waits for the process to end by itself and returns its exit code. */
	int awaitExit() {
		await().atMost(STARTUP).until(() -> !this.process.isAlive());
		// The readers may still be draining the last lines.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.drainedStreams.get() == 2);
		return this.process.exitValue();
	}

	/**
	 * Stops the process as a signal would (shutdown hooks run) and returns its exit code.
	 */
	int stop() {
		this.process.destroy();
		return awaitExit();
	}

	List<String> out() {
		return this.out;
	}

	List<String> err() {
		return this.err;
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				this.process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
	}

	private URI endpoint() {
		for (String line : this.out) {
			Matcher matcher = LISTENING.matcher(line);
			if (matcher.find()) {
				return URI.create(matcher.group(1));
			}
		}
		return null;
	}

	private void collect(InputStream stream, List<String> lines, String name) {
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					lines.add(line);
				}
			}
			catch (IOException ex) {
				lines.add("(" + name + " unreadable: " + ex + ")");
			}
			finally {
				this.drainedStreams.incrementAndGet();
			}
		}, "emulator-process-" + name);
		reader.setDaemon(true);
		reader.start();
	}

}
