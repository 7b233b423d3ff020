package io.github.secretsspringboot.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.github.secretsspringboot.test.emulator.RotationEvent;
import io.github.secretsspringboot.test.emulator.RotationFunction;
import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.emulator.RotationStep;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.postgres.EmbeddedPostgresServer;
import io.github.secretsspringboot.test.rotation.DatabaseSecret;
import io.github.secretsspringboot.test.rotation.PostgresAlternatingUsersRotationFunction;
import io.github.secretsspringboot.test.rotation.PostgresSingleUserRotationFunction;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Rotates a database secret while an application queries through a HikariCP pool whose
 * credentials come from it, once with this starter and once with Spring Cloud AWS, each
 * in a JVM of its own ({@link RotationProbe}) against the same emulator and embedded
 * PostgreSQL. Per library: single-user rotations that keep the database on the new
 * password for a window before finishSecret, then alternating-users rotations; after
 * each, a settle time (still counted as during the rotation) and a gap without rotation.
 * In every second single-user window, the pool is made to renew its connections (as when
 * they reach their max-lifetime), so that it logs in while the database already refuses
 * the old password. Prints Markdown tables.
 * <p>
 * Arguments (all optional):
 * {@code --single 20 --alternating 20 --window 5 --settle 3 --gap 3
 * --refresh 2 --warmup 10 --threads 16 --pool 8 --max-lifetime 30 --connection-timeout 5
 * --evict true --libraries ours,spring-cloud-aws --details false}, times in seconds.
 */
public final class RotationBenchmark {

	private static final String SECRET = "benchmark/rotation/db";

	private static final String MASTER_SECRET = "benchmark/rotation/db-master";

	private static final String DATABASE = "rotation";

	private static final String USERNAME = "rotation_app";

	private final Map<String, String> options;

	private final SecretsManagerEmulator emulator;

	private final SecretsManagerClient client;

	/** When finishSecret returned, by rotation token. */
	private final Map<String, Long> finished = new ConcurrentHashMap<>();

	private RotationBenchmark(Map<String, String> options, SecretsManagerEmulator emulator) {
		this.options = options;
		this.emulator = emulator;
		this.client = emulator.client();
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		List<String> libraries = List.of(option(options, "libraries", "ours,spring-cloud-aws").split(","));
		List<Map<String, String>> results = new ArrayList<>();
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start();
				SecretsManagerEmulator emulator = SecretsManagerEmulator.start()) {
			RotationBenchmark benchmark = new RotationBenchmark(options, emulator);
			benchmark.seed(postgres);
			for (String library : libraries) {
				results.add(benchmark.run(library));
			}
		}
		print(options, results);
	}

	private void seed(EmbeddedPostgresServer postgres) {
		String password = randomValue();
		postgres.createDatabaseWithOwner(DATABASE, USERNAME, password);
		String masterArn = this.client
			.createSecret((request) -> request.name(MASTER_SECRET).secretString(postgres.adminRdsSecret()))
			.arn();
		this.client.createSecret((request) -> request.name(SECRET)
			.secretString(postgres.rdsSecret(DATABASE, USERNAME, password, masterArn)));
		Duration window = Duration.ofMillis(millis("window", "5"));
		this.emulator.registerRotationFunction(lambdaArn("single"),
				timed(new PostgresSingleUserRotationFunction().withPauseBeforeFinish(window)));
		this.emulator.registerRotationFunction(lambdaArn("alternating"),
				timed(new PostgresAlternatingUsersRotationFunction()));
	}

	/** Records when finishSecret returned, on the timeline the probe uses. */
	private RotationFunction timed(RotationFunction function) {
		return new RotationFunction() {

			@Override
			public void handle(RotationEvent event, SecretsManagerClient secretsManager) throws Exception {
				function.handle(event, secretsManager);
				if (event.step() == RotationStep.FINISH_SECRET) {
					RotationBenchmark.this.finished.put(event.clientRequestToken(), EpochMicros.now());
				}
			}

			@Override
			public Duration pauseBefore(RotationStep step) {
				return function.pauseBefore(step);
			}

		};
	}

	/** One library: a probe JVM, the rotations, its figures. */
	private Map<String, String> run(String library) throws Exception {
		int single = Integer.parseInt(option(this.options, "single", "20"));
		int alternating = Integer.parseInt(option(this.options, "alternating", "20"));
		long settle = millis("settle", "3");
		long gap = millis("gap", "3");
		boolean evict = Boolean.parseBoolean(option(this.options, "evict", "true"));
		long budget = millis("warmup", "10") + 120_000 + single * (millis("window", "5") + settle + gap + 5_000)
				+ alternating * (settle + gap + 5_000);
		System.err.printf("%s: %d single-user and %d alternating-users rotations%n", library, single, alternating);
		Probe probe = Probe.start(probeCommand(library), budget);
		try {
			probe.await("READY", Duration.ofMinutes(2));
			Thread.sleep(millis("warmup", "10"));
			long measureStart = EpochMicros.now();
			Thread.sleep(gap);
			int index = 0;
			boolean failed = false;
			for (int i = 0; i < single + alternating && !failed; i++) {
				String kind = (i >= single) ? "alternating" : (evict && i % 2 == 1) ? "single-evict" : "single";
				failed = !rotate(probe, ++index, kind, settle);
				Thread.sleep(gap);
			}
			probe.send("END " + measureStart + " " + EpochMicros.now());
			Map<String, String> result = probe.results();
			result.put("library", library);
			return result;
		}
		finally {
			probe.destroy();
		}
	}

	/** One rotation, reported to the probe; {@code false} if it did not succeed. */
	private boolean rotate(Probe probe, int index, String kind, long settle) throws Exception {
		long start = EpochMicros.now();
		String token = this.client
			.rotateSecret((request) -> request.secretId(SECRET)
				.rotationLambdaARN(lambdaArn(kind.equals("alternating") ? "alternating" : "single")))
			.versionId();
		if (kind.equals("single-evict")) {
			// Midway through the window: the database takes only the new password,
			// AWSCURRENT
			// still holds the old one.
			awaitStep(token, RotationStep.TEST_SECRET, Duration.ofSeconds(60));
			Thread.sleep(millis("window", "5") / 2);
			probe.send("EVICT");
		}
		RotationOutcome outcome = awaitDone(token, Duration.ofSeconds(60));
		String status = (outcome != null) ? outcome.status().name() : "TIMED_OUT";
		long finish = this.finished.getOrDefault(token, EpochMicros.now());
		String fingerprint = "-";
		if (outcome != null && outcome.isSucceeded()) {
			DatabaseSecret secret = DatabaseSecret.parse(
					this.client.getSecretValue((request) -> request.secretId(SECRET).versionId(token)).secretString());
			fingerprint = RecordingDriver.fingerprint(secret.username(), secret.password());
		}
		long end = finish + settle * 1_000;
		long wait = (end - EpochMicros.now()) / 1_000;
		if (wait > 0) {
			Thread.sleep(wait);
		}
		probe.send(String.join(" ", "ROTATION", String.valueOf(index), kind, status, String.valueOf(start),
				String.valueOf(finish), String.valueOf(end), fingerprint));
		System.err.printf("  rotation %d (%s): %s after %.1f s%n", index, kind, status, (finish - start) / 1e6);
		return outcome != null && outcome.isSucceeded();
	}

	private void awaitStep(String token, RotationStep step, Duration timeout) throws InterruptedException {
		awaitOutcome(token, (outcome) -> outcome.isDone() || outcome.completedSteps().contains(step), timeout);
	}

	private RotationOutcome awaitDone(String token, Duration timeout) throws InterruptedException {
		return awaitOutcome(token, RotationOutcome::isDone, timeout);
	}

	/**
	 * Polls the rotation's outcome until it satisfies {@code condition}; {@code null} on
	 * timeout.
	 */
	private RotationOutcome awaitOutcome(String token, Predicate<RotationOutcome> condition, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			Optional<RotationOutcome> outcome = this.emulator.rotation(token);
			if (outcome.isPresent() && condition.test(outcome.get())) {
				return outcome.get();
			}
			Thread.sleep(20);
		}
		return null;
	}

	private List<String> probeCommand(String library) throws IOException, URISyntaxException {
		return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", probeClasspath(),
				"-Daws.accessKeyId=benchmark", "-Daws.secretAccessKey=benchmark", "-Daws.region=us-east-1",
				"-Daws.secrets.preload=" + library.equals("ours"), RotationProbe.class.getName(), library,
				this.emulator.endpoint().toString(), SECRET, option(this.options, "refresh", "2") + "s",
				option(this.options, "threads", "16"), option(this.options, "pool", "8"),
				String.valueOf(millis("max-lifetime", "30")), String.valueOf(millis("connection-timeout", "5")));
	}

	/**
	 * The harness's own classes and the build's rotation-classpath.txt beside them, which
	 * adds the DataSource and Spring Cloud dependencies only the probe needs.
	 */
	private static String probeClasspath() throws IOException, URISyntaxException {
		Path classes = Path.of(RotationBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path dependencies = classes.resolveSibling("rotation-classpath.txt");
		return classes + java.io.File.pathSeparator + Files.readString(dependencies).trim();
	}

	private String lambdaArn(String kind) {
		return "arn:aws:lambda:" + this.emulator.region() + ":" + this.emulator.accountId()
				+ ":function:benchmark-rotation-" + kind;
	}

	private long millis(String option, String defaultSeconds) {
		return (long) (Double.parseDouble(option(this.options, option, defaultSeconds)) * 1_000);
	}

	private static void print(Map<String, String> options, List<Map<String, String>> results) {
		System.out.printf("Rotation under load: %s single-user rotations (%s s window), then %s alternating-users "
				+ "rotations; %s client threads, pool of %s, max-lifetime %s s, connection-timeout %s s, refresh every "
				+ "%s s; Java %s%n%n", option(options, "single", "20"), option(options, "window", "5"),
				option(options, "alternating", "20"), option(options, "threads", "16"), option(options, "pool", "8"),
				option(options, "max-lifetime", "30"), option(options, "connection-timeout", "5"),
				option(options, "refresh", "2"), System.getProperty("java.version"));
		System.out.println("| Library | Queries served | Failed queries | Seconds without a served query "
				+ "| p50 / p99 during rotations, ms | p50 / p99 outside rotations, ms | Logins rejected "
				+ "| Final credentials in environment / pool |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
		for (Map<String, String> result : results) {
			System.out.printf("| %s | %s | %s | %s of %s | %s / %s | %s / %s | %s | %s / %s |%n",
					name(result.get("library")), result.get("served"), result.get("failed"),
					result.get("secondsWithoutService"), result.get("seconds"), result.get("duringP50"),
					result.get("duringP99"), result.get("outsideP50"), result.get("outsideP99"),
					result.get("rejectedLogins"), result.get("environmentOnLast"), result.get("poolOnLast"));
		}
		System.out.println();
		System.out
			.println("| Library | Rotations | On new credentials | finishSecret → first query on new credentials, "
					+ "median / max ms | finishSecret → last query on old credentials, median / max ms "
					+ "| With a rejected login | Rejected login → first query on a new connection with new credentials, "
					+ "median / max ms |");
		System.out.println("|---|---|---:|---:|---:|---:|---:|");
		for (Map<String, String> result : results) {
			for (String kind : RotationAnalysis.KINDS) {
				if (!result.containsKey(kind + ".rotations")) {
					continue;
				}
				String prefix = kind + ".";
				System.out.printf("| %s | %s %s | %s | %s / %s | %s / %s | %s | %s / %s |%n",
						name(result.get("library")), result.get(prefix + "rotations"), label(kind),
						result.get(prefix + "switched"), result.get(prefix + "firstNewMedian"),
						result.get(prefix + "firstNewMax"), result.get(prefix + "lastOldMedian"),
						result.get(prefix + "lastOldMax"), result.get(prefix + "rejectedRotations"),
						result.get(prefix + "recoveryMedian"), result.get(prefix + "recoveryMax"));
			}
		}
		if (Boolean.parseBoolean(option(options, "details", "false"))) {
			System.out.println();
			for (Map<String, String> result : results) {
				result.entrySet()
					.stream()
					.filter((entry) -> entry.getKey().startsWith("detail."))
					.forEach((entry) -> System.out.println(entry.getValue()));
			}
		}
	}

	private static String label(String kind) {
		return switch (kind) {
			case "single" -> "single-user";
			case "single-evict" -> "single-user, connections renewed in the window";
			default -> "alternating-users";
		};
	}

	private static String name(String library) {
		return library.equals("ours") ? "secrets-spring-boot" : "Spring Cloud AWS 4.0";
	}

	private static String option(Map<String, String> options, String name, String defaultValue) {
		return options.getOrDefault(name, defaultValue);
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		return options;
	}

	private static String randomValue() {
		byte[] bytes = new byte[16];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	/**
	 * A probe JVM: its output read on a thread of its own, its input the rotation
	 * reports.
	 */
	private static final class Probe {

		private final Process process;

		private final PrintWriter input;

		private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

		private final Deque<String> tail = new ArrayDeque<>();

		private final long deadline;

		private Probe(Process process, long budgetMillis) {
			this.process = process;
			this.input = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
					true);
			this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
			Thread reader = new Thread(this::read, "probe-output");
			reader.setDaemon(true);
			reader.start();
		}

		static Probe start(List<String> command, long budgetMillis) throws IOException {
			return new Probe(new ProcessBuilder(command).redirectErrorStream(true).start(), budgetMillis);
		}

		private void read() {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				// The probe went away; waiting for a line fails on the deadline or its
				// exit.
			}
		}

		void send(String line) {
			this.input.println(line);
		}

		/** Waits for a line starting with {@code prefix}. */
		void await(String prefix, Duration timeout) throws InterruptedException {
			long until = Math.min(this.deadline, System.nanoTime() + timeout.toNanos());
			while (true) {
				String line = next(until);
				if (line == null) {
					throw new IllegalStateException("The probe exited:\n" + String.join("\n", this.tail));
				}
				if (line.startsWith(prefix)) {
					return;
				}
			}
		}

		/** The probe's figures, once it has exited. */
		Map<String, String> results() throws InterruptedException {
			Map<String, String> results = new LinkedHashMap<>();
			int details = 0;
			while (true) {
				String line = next(this.deadline);
				if (line == null) {
					break;
				}
				if (line.startsWith("RESULT ")) {
					results.putAll(fields(line, ""));
				}
				else if (line.startsWith("KIND ")) {
					Map<String, String> fields = fields(line, "");
					String kind = fields.get("kind");
					fields.forEach((key, value) -> results.put(kind + "." + key, value));
				}
				else if (line.startsWith("DETAIL ") || line.startsWith("FAILURE ")) {
					results.put("detail." + details++, line);
				}
			}
			if (!results.containsKey("served")) {
				throw new IllegalStateException("The probe printed no result:\n" + String.join("\n", this.tail));
			}
			return results;
		}

		/** The next line, {@code null} once the probe has exited and said everything. */
		private String next(long until) throws InterruptedException {
			while (true) {
				String line = this.lines.poll(100, TimeUnit.MILLISECONDS);
				if (line != null) {
					this.tail.addLast(line);
					if (this.tail.size() > 200) {
						this.tail.removeFirst();
					}
					return line;
				}
				if (!this.process.isAlive() && this.lines.isEmpty()) {
					this.process.waitFor(1, TimeUnit.SECONDS);
					Thread.sleep(200);
					if (this.lines.isEmpty()) {
						return null;
					}
				}
				if (System.nanoTime() > until) {
					throw new IllegalStateException(
							"The probe did not answer in time:\n" + String.join("\n", this.tail));
				}
			}
		}

		void destroy() {
			this.input.close();
			this.process.destroyForcibly();
		}

		private static Map<String, String> fields(String line, String prefix) {
			Map<String, String> fields = new LinkedHashMap<>();
			for (String field : line.split(" ")) {
				int equals = field.indexOf('=');
				if (equals > 0) {
					fields.put(prefix + field.substring(0, equals), field.substring(equals + 1));
				}
			}
			return fields;
		}

	}

}
