package io.github.secretsspringboot.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.secretsspringboot.test.emulator.RotationEvent;
import io.github.secretsspringboot.test.emulator.RotationFunction;
import io.github.secretsspringboot.test.emulator.RotationStep;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.rotation.JsonKeyRotationFunction;
import io.github.secretsspringboot.test.sqs.EmbeddedSqs;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.boot.convert.DurationStyle;

/**
 * A fleet of application instances (separate Spring applications in this JVM), each
 * importing the same secrets, against one emulator and one in-process SQS server. Secrets
 * are rotated one at a time; for each rotation, the delay from the return of finishSecret
 * to the new version's values in force on each instance, and the Secrets Manager requests
 * the fleet made. Mode {@code events}: each instance consumes the emulator's events from
 * a queue of its own, with the safety-net interval; mode {@code polling}: no events, the
 * periodic check at {@code --polling-interval}. Prints Markdown tables.
 * <p>
 * Arguments (all optional): {@code --instances 10 --secrets 50 --rotations 20
 * --mode both --polling-interval 10s --gap 1s --safety-net 6h}.
 */
public final class EventRefreshBenchmark {

	private static final String LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:event-benchmark";

	/** The periodic check's default interval without events. */
	private static final Duration OLD_DEFAULT_INTERVAL = Duration.ofMinutes(5);

	private final Map<String, String> options;

	private final SecretsManagerEmulator emulator;

	private final EmbeddedSqs sqs;

	private final SecretsManagerClient client;

	/** System.nanoTime() at which finishSecret returned, by version id. */
	private final Map<String, CompletableFuture<Long>> finished = new ConcurrentHashMap<>();

	private final List<String> secretIds = new ArrayList<>();

	private EventRefreshBenchmark(Map<String, String> options, SecretsManagerEmulator emulator, EmbeddedSqs sqs) {
		this.options = options;
		this.emulator = emulator;
		this.sqs = sqs;
		this.client = emulator.client();
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		System.setProperty("aws.accessKeyId", "benchmark");
		System.setProperty("aws.secretAccessKey", "benchmark");
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start(); EmbeddedSqs sqs = EmbeddedSqs.start()) {
			EventRefreshBenchmark benchmark = new EventRefreshBenchmark(options, emulator, sqs);
			benchmark.seed();
			String mode = option(options, "mode", "both");
			List<Result> results = new ArrayList<>();
			if (!mode.equals("polling")) {
				results.add(benchmark.run(true));
			}
			if (!mode.equals("events")) {
				results.add(benchmark.run(false));
			}
			benchmark.print(results);
		}
	}

	private int instances() {
		return Integer.parseInt(option(this.options, "instances", "10"));
	}

	private int secrets() {
		return Integer.parseInt(option(this.options, "secrets", "50"));
	}

	private Duration duration(String name, String fallback) {
		return DurationStyle.detectAndParse(option(this.options, name, fallback));
	}

	private void seed() {
		for (int i = 0; i < secrets(); i++) {
			String name = String.format(Locale.ROOT, "benchmark/events/s%02d", i);
			String key = String.format(Locale.ROOT, "s%02d", i);
			this.client.createSecret((request) -> request.name(name).secretString("{\"" + key + "\":\"initial\"}"));
			this.secretIds.add(name);
			this.emulator.registerRotationFunction(lambda(i), timed(new JsonKeyRotationFunction(key)));
		}
	}

	/** The rotation function of secret {@code index}, which renews its one key. */
	private static String lambda(int index) {
		return LAMBDA + "-" + index;
	}

	/** Records when finishSecret returned: the label has moved, the event is due. */
	private RotationFunction timed(RotationFunction function) {
		return new RotationFunction() {

			@Override
			public void handle(RotationEvent event, SecretsManagerClient secretsManager) throws Exception {
				function.handle(event, secretsManager);
				if (event.step() == RotationStep.FINISH_SECRET) {
					finish(event.clientRequestToken()).complete(System.nanoTime());
				}
			}

		};
	}

	private Result run(boolean events) throws Exception {
		Duration interval = events ? duration("safety-net", "6h") : duration("polling-interval", "10s");
		String label = events ? "events" : "polling every " + DurationStyle.SIMPLE.print(interval);
		System.err.printf("%s: starting %d instances%n", label, instances());
		List<FleetInstance> fleet = new ArrayList<>();
		List<String> queues = new ArrayList<>();
		try {
			for (int i = 0; i < instances(); i++) {
				List<String> arguments = new ArrayList<>(
						List.of("--spring.config.import=aws-secret:" + String.join(";", this.secretIds),
								"--aws.secrets.endpoint=" + this.emulator.endpoint(), "--aws.secrets.region=us-east-1",
								"--aws.secrets.refresh.interval=" + DurationStyle.SIMPLE.print(interval)));
				if (events) {
					String queue = this.sqs.createQueue("benchmark-events-" + i);
					queues.add(queue);
					this.emulator.events().toQueue(queue);
					arguments.add("--aws.secrets.events.queue-url=" + queue);
					arguments.add("--aws.secrets.events.sqs-endpoint=" + this.sqs.endpoint());
				}
				fleet.add(FleetInstance.start(arguments));
			}
			Map<String, Long> rotationRequests = calibrate();
			this.emulator.control().resetCounters();
			Result result = rotate(label, interval, fleet);
			result.requests.putAll(subtract(this.emulator.control().requestCounts(), rotationRequests,
					Integer.parseInt(option(this.options, "rotations", "20"))));
			return result;
		}
		finally {
			fleet.forEach(FleetInstance::close);
			this.emulator.events().clearTargets();
			queues.forEach((queue) -> this.sqs.client().deleteQueue((request) -> request.queueUrl(queue)));
		}
	}

	/**
	 * The requests one rotation makes by itself (RotateSecret and the rotation function's
	 * own), measured on a secret no instance imports.
	 */
	private Map<String, Long> calibrate() throws InterruptedException {
		String name = "benchmark/events/calibration-" + UUID.randomUUID();
		this.client.createSecret((request) -> request.name(name).secretString("{\"s00\":\"initial\"}"));
		this.emulator.control().resetCounters();
		String token = UUID.randomUUID().toString();
		this.client.rotateSecret((request) -> request.secretId(name)
			.clientRequestToken(token)
			.rotationLambdaARN(lambda(0))
			.rotationRules((rules) -> rules.automaticallyAfterDays(30L)));
		awaitFinished(token, "the calibration rotation");
		Map<String, Long> counts = new HashMap<>(this.emulator.control().requestCounts());
		this.client.deleteSecret((request) -> request.secretId(name).forceDeleteWithoutRecovery(true));
		return counts;
	}

	private Result rotate(String label, Duration interval, List<FleetInstance> fleet) throws Exception {
		int rotations = Integer.parseInt(option(this.options, "rotations", "20"));
		Duration timeout = interval.compareTo(Duration.ofMinutes(1)) < 0 ? interval.plusSeconds(60)
				: Duration.ofSeconds(60);
		Result result = new Result(label, interval, rotations);
		for (int r = 0; r < rotations; r++) {
			int index = r % this.secretIds.size();
			String secret = this.secretIds.get(index);
			String token = UUID.randomUUID().toString();
			this.client.rotateSecret((request) -> request.secretId(secret)
				.clientRequestToken(token)
				.rotationLambdaARN(lambda(index))
				.rotationRules((rules) -> rules.automaticallyAfterDays(30L)));
			long finish = awaitFinished(token, "rotation " + r + " of " + secret);
			long deadline = System.nanoTime() + timeout.toNanos();
			List<Long> delays = new ArrayList<>();
			for (FleetInstance instance : fleet) {
				Long inForce = instance.awaitInForce(token, Duration.ofNanos(deadline - System.nanoTime()));
				if (inForce == null) {
					result.missed++;
				}
				else {
					delays.add(Math.max(0, inForce - finish));
				}
			}
			result.delays.addAll(delays);
			long slowest = delays.stream().mapToLong(Long::longValue).max().orElse(0);
			result.slowestPerRotation.add(slowest);
			System.err.printf("  rotation %d of %s: slowest instance %.0f ms%n", r + 1, secret, slowest / 1e6);
			Thread.sleep(duration("gap", "1s").toMillis());
		}
		return result;
	}

	private static Map<String, Long> subtract(Map<String, Long> counts, Map<String, Long> perRotation, int rotations) {
		Map<String, Long> application = new LinkedHashMap<>();
		counts.forEach((operation, count) -> {
			long own = perRotation.getOrDefault(operation, 0L) * rotations;
			if (count - own > 0) {
				application.put(operation, count - own);
			}
		});
		return application;
	}

	private CompletableFuture<Long> finish(String token) {
		return this.finished.computeIfAbsent(token, (key) -> new CompletableFuture<>());
	}

	/**
	 * Waits for the rotation's finishSecret to return, which it does only when every step
	 * succeeded.
	 * @return when it returned, as System.nanoTime()
	 */
	private long awaitFinished(String token, String rotation) throws InterruptedException {
		try {
			return finish(token).get(60, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(rotation + " did not succeed: " + this.emulator.rotation(token), ex);
		}
	}

	private void print(List<Result> results) {
		int instances = instances();
		int secrets = secrets();
		System.out.printf("%n%d instances, %d secrets each%n%n", instances, secrets);
		System.out.println("| refresh | rotations | delays measured | missed | median | p90 | max "
				+ "| slowest instance per rotation, median |");
		System.out.println("|---|---|---|---|---|---|---|---|");
		for (Result result : results) {
			System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %s | %s |%n", result.label,
					result.rotations, result.delays.size(), result.missed, millis(percentile(result.delays, 50)),
					millis(percentile(result.delays, 90)), millis(percentile(result.delays, 100)),
					millis(percentile(result.slowestPerRotation, 50)));
		}
		System.out.printf("%nSecrets Manager requests per instance (the rotation's own requests taken out)%n%n");
		System.out.println("| refresh | during the rotations, by operation | per rotation | per hour, "
				+ "1 rotation/hour | per hour, " + "20 rotations/hour |");
		System.out.println("|---|---|---|---|---|");
		for (Result result : results) {
			boolean events = result.label.equals("events");
			// Polling's checks during the run are its periodic checks, counted below from
			// the interval; what a rotation adds to them is the rest.
			long total = result.requests.entrySet()
				.stream()
				.filter((entry) -> events || !entry.getKey().equals("DescribeSecret"))
				.mapToLong(Map.Entry::getValue)
				.sum();
			double perRotation = (double) total / instances / result.rotations;
			// The periodic check: one DescribeSecret per secret per interval; at the old
			// default without events, the safety-net interval with them.
			Duration interval = events ? result.interval : OLD_DEFAULT_INTERVAL;
			double periodic = secrets * 3600.0 / interval.toSeconds();
			System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.1f | %.1f |%n",
					events ? "events, safety net " + DurationStyle.SIMPLE.print(interval)
							: "polling every " + DurationStyle.SIMPLE.print(OLD_DEFAULT_INTERVAL)
									+ " (the old default)",
					perInstance(result.requests, instances), perRotation, periodic + perRotation,
					periodic + 20 * perRotation);
		}
	}

	private static String perInstance(Map<String, Long> requests, int instances) {
		if (requests.isEmpty()) {
			return "none";
		}
		List<String> parts = new ArrayList<>();
		requests.forEach((operation, count) -> parts
			.add(String.format(Locale.ROOT, "%s %.1f", operation, (double) count / instances)));
		return String.join(", ", parts);
	}

	private static long percentile(List<Long> values, int percentile) {
		if (values.isEmpty()) {
			return -1;
		}
		List<Long> sorted = new ArrayList<>(values);
		sorted.sort(null);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
	}

	private static String millis(long nanos) {
		return (nanos < 0) ? "-" : String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		return options;
	}

	private static String option(Map<String, String> options, String name, String fallback) {
		return options.getOrDefault(name, fallback);
	}

	private static final class Result {

		private final String label;

		private final Duration interval;

		private final int rotations;

		private final List<Long> delays = new ArrayList<>();

		private final List<Long> slowestPerRotation = new ArrayList<>();

		private final Map<String, Long> requests = new LinkedHashMap<>();

		private int missed;

		private Result(String label, Duration interval, int rotations) {
			this.label = label;
			this.interval = interval;
			this.rotations = rotations;
		}

	}

}
