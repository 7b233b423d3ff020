package io.github.secretsspringboot.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;

/**
 * Runs the sample application on its embedded default: an AWS Secrets Manager emulator on
 * port 4566, an SQS server on port 9324 whose queue receives the emulator's Secrets
 * Manager events, and an embedded PostgreSQL, all seeded, no AWS account needed.
 * {@code ./mvnw -pl sample-app spring-boot:test-run} starts it.
 * <p>
 * Demo switch: {@code --demo.rotation-interval=30s} rotates the database secret (and the
 * API key) every 30 seconds, alternating single-user and alternating-users rotations when
 * {@code --demo.rotation=mixed}, so that {@code /actuator/secrets} and the metrics change
 * while requests keep succeeding.
 */
public final class TestSampleApplication {

	private static final Logger logger = LoggerFactory.getLogger(TestSampleApplication.class);

	private TestSampleApplication() {
	}

	public static void main(String[] args) {
		Duration rotationInterval = duration(option(args, "demo.rotation-interval"));
		boolean mixed = "mixed".equals(option(args, "demo.rotation"));
		SampleBackends backends = SampleBackends.start(4566, 9324, Duration.ofSeconds(5));
		Runtime.getRuntime().addShutdownHook(new Thread(backends::close));
		// The SDK's default credentials chain reads these; the emulator accepts any key.
		System.setProperty("aws.accessKeyId", "sample");
		System.setProperty("aws.secretAccessKey", "sample");
		List<String> arguments = new ArrayList<>(List.of(args));
		arguments.addAll(backends.applicationArguments());
		SpringApplication.run(SampleApplication.class, arguments.toArray(String[]::new));
		if (rotationInterval != null) {
			rotateEvery(backends, rotationInterval, mixed);
		}
	}

	private static void rotateEvery(SampleBackends backends, Duration interval, boolean mixed) {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "demo-rotation");
			thread.setDaemon(true);
			return thread;
		});
		AtomicInteger count = new AtomicInteger();
		scheduler.scheduleWithFixedDelay(() -> {
			boolean alternating = mixed && count.incrementAndGet() % 2 == 0;
			try {
				backends.rotateDatabaseSecret(alternating);
				backends.rotateApiKey();
				logger.info("Demo: started a {} rotation of {} and a rotation of {}",
						alternating ? "alternating-users" : "single-user", SampleBackends.DB_SECRET,
						SampleBackends.PAYMENTS_SECRET);
			}
			catch (RuntimeException ex) {
				logger.warn("Demo: rotation not started: {}", ex.getMessage());
			}
		}, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	private static String option(String[] args, String name) {
		String prefix = "--" + name + "=";
		for (String arg : args) {
			if (arg.startsWith(prefix)) {
				return arg.substring(prefix.length());
			}
		}
		return null;
	}

	private static Duration duration(String value) {
		if (value == null) {
			return null;
		}
		return org.springframework.boot.convert.DurationStyle.detectAndParse(value);
	}

}
