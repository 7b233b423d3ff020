package io.github.secretsspringboot.shapes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

import static org.awaitility.Awaitility.await;

/**
 * A fleet of instances of one user application, each a separate {@link SpringApplication}
 * with its own properties, as an auto-scaled service runs: <pre class="code">
 * try (FleetSupport fleet = FleetSupport.of(App.class)) {
 *     List&lt;FleetSupport.InProcess&gt; instances = fleet.start(3, (i) -&gt; Map.of("aws.secrets.events.topic-arn", topic));
 *     FleetSupport.Forked doomed = fleet.startProcess("doomed", Map.of(...));
 *     doomed.kill();      // no shutdown hook, no lifecycle stop: its queue is left behind
 *     ...
 * }
 * </pre>
 * <h2>Two kinds of instance, and why</h2> An instance that is to die without cleanup must
 * die the way a crashed or OOM-killed JVM does: no shutdown hook, no
 * {@code SmartLifecycle.stop()}, no {@code DisposableBean}, no last request of any kind.
 * Inside the test JVM that cannot be had honestly: closing a context runs exactly the
 * clean-up under test, and abandoning one leaves its threads receiving and heartbeating,
 * which is a live instance, not a dead one. So:
 * <ul>
 * <li>{@link #start(String, Map) In-process instances} are started with
 * {@link UserApplication} in the test JVM. They share its loaded classes, JIT and heap,
 * the test reaches their beans and {@code Environment} directly, and they are only ever
 * closed gracefully. Use them for the bulk of a fleet.</li>
 * <li>{@link #startProcess(String, Map) Forked instances} run the same application in a
 * separate JVM on the test's classpath, and {@link Forked#kill()} ends it with
 * {@code SIGKILL} ({@link java.lang.Process#destroyForcibly()}): the truly honest
 * "instance killed without cleanup". Each pays a cold JVM and a cold Spring Boot start:
 * on the 2-core build machine, shared with other builds, starting and killing one took
 * 5.9 s (6.7 s with a web server, a health request and a graceful stop), where three
 * in-process instances, the first of them loading every class, took 13.6 s in all; and
 * each may take 256 MB of heap. So a test forks one or two, only where a kill is the
 * point. The test observes them over HTTP (a forked instance can run a web server on a
 * free port, {@link Forked#port()}), through their output ({@link Forked#output()}), and
 * through the AWS resources they leave.</li>
 * </ul>
 * A forked instance stops gracefully ({@link Forked#close()}) when its standard input
 * closes: it then exits normally, so that its shutdown hooks run, as on {@code SIGTERM}.
 * It also exits when the test JVM dies, since that closes the pipe too, so that no
 * instance outlives the build. Its output is kept in memory; like any log, it must never
 * hold a secret value.
 * <p>
 * In-process instances have placeholder credentials for their Secrets Manager client as
 * {@link UserApplication} gives them; forked instances also get placeholder
 * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_REGION} in
 * their environment, as a container is given them, so every AWS client of theirs has
 * some.
 */
final class FleetSupport implements AutoCloseable {

	static final String READY = "FLEET-INSTANCE-READY";

	static final String STOPPED = "FLEET-INSTANCE-STOPPED";

	private static final Pattern READY_LINE = Pattern.compile(READY + " port=(-?\\d+)");

	private static final Duration PROCESS_START_TIMEOUT = Duration.ofMinutes(2);

	private final Class<?> application;

	private final List<Instance> instances = Collections.synchronizedList(new ArrayList<>());

	private FleetSupport(Class<?> application) {
		this.application = application;
	}

	/**
	 * A fleet of {@code application}, a {@code @SpringBootConfiguration} class of this
	 * package.
	 */
	static FleetSupport of(Class<?> application) {
		return new FleetSupport(application);
	}

	/**
	 * Starts {@code count} in-process instances named {@code instance-0} and on, one
	 * after the other, the properties of each given by {@code properties}.
	 */
	List<InProcess> start(int count, IntFunction<Map<String, String>> properties) {
		List<InProcess> started = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			started.add(start("instance-" + i, properties.apply(i)));
		}
		return started;
	}

	/** Starts an in-process instance without a web server. */
	InProcess start(String name, Map<String, String> properties) {
		return start(name, properties, false);
	}

	/** Starts an in-process instance with a servlet web server on a free port. */
	InProcess startWeb(String name, Map<String, String> properties) {
		return start(name, properties, true);
	}

	private InProcess start(String name, Map<String, String> properties, boolean web) {
		UserApplication user = UserApplication.of(this.application)
			.file("application.properties", asPropertiesFile(properties));
		if (web) {
			user.web();
		}
		InProcess instance = new InProcess(name, user.run());
		this.instances.add(instance);
		return instance;
	}

	/** Starts an instance in a JVM of its own, without a web server. */
	Forked startProcess(String name, Map<String, String> properties) {
		return startProcess(name, properties, false);
	}

	/**
	 * Starts an instance in a JVM of its own, with a servlet web server on a free port.
	 */
	Forked startWebProcess(String name, Map<String, String> properties) {
		return startProcess(name, properties, true);
	}

	private Forked startProcess(String name, Map<String, String> properties, boolean web) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// A small, quickly started JVM: the instance runs for seconds, on 2 shared cores.
		command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
				System.getProperty("java.class.path"), FleetSupport.class.getName(), this.application.getName(),
				Boolean.toString(web)));
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("AWS_ACCESS_KEY_ID", "user-shapes");
		builder.environment().put("AWS_SECRET_ACCESS_KEY", "user-shapes");
		builder.environment().putIfAbsent("AWS_REGION", "us-east-1");
		java.lang.Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start instance " + name, ex);
		}
		Forked instance = new Forked(name, process);
		this.instances.add(instance);
		instance.awaitReady();
		return instance;
	}

	/** The instances started so far, in order, closed and killed ones included. */
	List<Instance> instances() {
		synchronized (this.instances) {
			return List.copyOf(this.instances);
		}
	}

	/** The instance named {@code name}. */
	Instance instance(String name) {
		return instances().stream()
			.filter((instance) -> instance.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No instance " + name));
	}

	/** Closes every instance still running, gracefully, the last started first. */
	@Override
	public void close() {
		List<Instance> started = new ArrayList<>(instances());
		Collections.reverse(started);
		RuntimeException failure = null;
		for (Instance instance : started) {
			try {
				instance.close();
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	private static String asPropertiesFile(Map<String, String> properties) {
		StringBuilder file = new StringBuilder();
		properties.forEach(
				(key, value) -> file.append(escape(key, true)).append('=').append(escape(value, false)).append('\n'));
		return file.toString();
	}

	private static String escape(String text, boolean key) {
		StringBuilder escaped = new StringBuilder();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> escaped.append("\\\\");
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				case '=', ':', '#', '!' -> escaped.append('\\').append(c);
				case ' ' -> escaped.append((key || i == 0) ? "\\ " : " ");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	/**
	 * Runs one process instance: {@code <application class> <web> --key=value...}. Prints
	 * {@link #READY} with the server port (-1 without a web server) once started, and
	 * {@link #STOPPED} when its context closes; exits when its standard input closes.
	 */
	public static void main(String[] args) throws Exception {
		Class<?> application = Class.forName(args[0]);
		UserApplication user = UserApplication.of(application);
		if (Boolean.parseBoolean(args[1])) {
			user.web();
		}
		SpringApplication spring = user.application();
		spring.addListeners((ApplicationEvent event) -> {
			if (event instanceof ContextClosedEvent) {
				System.out.println(STOPPED);
			}
		});
		ConfigurableApplicationContext context = spring.run(Arrays.copyOfRange(args, 2, args.length));
		String port = context.getEnvironment().getProperty("local.server.port", "-1");
		System.out.println(READY + " port=" + port);
		System.out.flush();
		Thread watchdog = new Thread(() -> {
			try {
				while (System.in.read() != -1) {
					// Only the end of the stream matters.
				}
			}
			catch (IOException ex) {
				// The parent is gone either way.
			}
			System.exit(0);
		}, "fleet-instance-stdin");
		watchdog.start();
	}

	/** An instance of the fleet. */
	sealed interface Instance permits InProcess, Forked {

		String name();

		boolean isRunning();

		/** Stops the instance gracefully; harmless when it is not running. */
		void close();

	}

	/** An instance in the test JVM. */
	static final class InProcess implements Instance {

		private final String name;

		private final ConfigurableApplicationContext context;

		private InProcess(String name, ConfigurableApplicationContext context) {
			this.name = name;
			this.context = context;
		}

		@Override
		public String name() {
			return this.name;
		}

		ConfigurableApplicationContext context() {
			return this.context;
		}

		<T> T bean(Class<T> type) {
			return this.context.getBean(type);
		}

		/** The port of its web server, or -1 without one. */
		int port() {
			return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port", "-1"));
		}

		@Override
		public boolean isRunning() {
			return this.context.isActive();
		}

		@Override
		public void close() {
			this.context.close();
		}

		@Override
		public String toString() {
			return "InProcess[" + this.name + "]";
		}

	}

	/** An instance in a JVM of its own, which can be killed. */
	static final class Forked implements Instance {

		private final String name;

		private final java.lang.Process process;

		private final StringBuffer output = new StringBuffer();

		private volatile int port = -1;

		private Forked(String name, java.lang.Process process) {
			this.name = name;
			this.process = process;
			Thread reader = new Thread(this::readOutput, "fleet-" + name + "-output");
			reader.setDaemon(true);
			reader.start();
		}

		private void readOutput() {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					Matcher ready = READY_LINE.matcher(line);
					if (ready.find()) {
						this.port = Integer.parseInt(ready.group(1));
					}
					this.output.append(line).append('\n');
				}
			}
			catch (IOException ex) {
				// The process is gone; what it wrote is kept.
			}
		}

		private void awaitReady() {
			try {
				await().atMost(PROCESS_START_TIMEOUT)
					.pollInterval(Duration.ofMillis(50))
					.until(() -> isReady() || !this.process.isAlive());
			}
			catch (RuntimeException ex) {
				kill();
				throw new IllegalStateException("Instance " + this.name + " did not start within "
						+ PROCESS_START_TIMEOUT + "; output:\n" + tail(), ex);
			}
			if (!isReady()) {
				kill();
				throw new IllegalStateException("Instance " + this.name + " exited while starting (exit code "
						+ exitCode() + "); output:\n" + tail());
			}
		}

		private boolean isReady() {
			return this.output.indexOf(READY) >= 0;
		}

		@Override
		public String name() {
			return this.name;
		}

		long pid() {
			return this.process.pid();
		}

		/** The port of its web server, or -1 without one. */
		int port() {
			return this.port;
		}

		/** Everything it wrote to standard output and error so far. */
		String output() {
			return this.output.toString();
		}

		@Override
		public boolean isRunning() {
			return this.process.isAlive();
		}

		/** Its exit code once it ended; -1 while it runs. */
		int exitCode() {
			return this.process.isAlive() ? -1 : this.process.exitValue();
		}

		/**
		 * Kills it with {@code SIGKILL}: no shutdown hook, no lifecycle stop, no request
		 * to anything. Returns once it is gone.
		 */
		void kill() {
			this.process.destroyForcibly();
			waitFor(Duration.ofSeconds(30));
		}

		/**
		 * Stops it gracefully: closes its standard input, upon which it exits and its
		 * shutdown hooks close the context. Kills it if it has not ended within 30
		 * seconds.
		 */
		@Override
		public void close() {
			if (!this.process.isAlive()) {
				return;
			}
			try {
				this.process.getOutputStream().close();
			}
			catch (IOException ex) {
				// Closing a pipe the process already closed.
			}
			if (!waitFor(Duration.ofSeconds(30))) {
				kill();
				throw new IllegalStateException("Instance " + this.name + " did not stop within 30s and was killed");
			}
		}

		private boolean waitFor(Duration timeout) {
			try {
				return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

		private String tail() {
			String all = output();
			return (all.length() > 4000) ? all.substring(all.length() - 4000) : all;
		}

		@Override
		public String toString() {
			return "Forked[" + this.name + ", pid " + this.process.pid() + "]";
		}

	}

	static Map<String, String> properties(String... keysAndValues) {
		Map<String, String> properties = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
			properties.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return properties;
	}

}
