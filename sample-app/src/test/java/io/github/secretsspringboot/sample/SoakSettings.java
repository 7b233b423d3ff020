package io.github.secretsspringboot.sample;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

/**
 * How long and how hard a soak run drives the sample application, from system properties
 * so that one test serves both the short run of every build and a long run on demand:
 * {@code soak.duration} (default {@code PT30S}; {@code PT10M} and {@code 10m} both work),
 * {@code soak.threads} (client threads, default 32) and {@code soak.seed} (the fault
 * schedule's seed, default fixed so that runs are reproducible).
 *
 * @param duration how long the load, the rotations and the faults run
 * @param clientThreads how many threads call the HTTP endpoints
 * @param seed seed of the fault schedule and of which requests a fault hits
 * @param rotationInterval time between the starts of two rotations
 * @param rotationWindow pause between a rotation's testSecret and finishSecret, when the
 * database already takes the new password and AWSCURRENT still holds the old one
 */
record SoakSettings(Duration duration, int clientThreads, long seed, Duration rotationInterval,
		Duration rotationWindow) {

	static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);

	static final int DEFAULT_CLIENT_THREADS = 32;

	static final long DEFAULT_SEED = 20261122L;

	SoakSettings {
		if (duration.compareTo(Duration.ofSeconds(10)) < 0) {
			throw new IllegalArgumentException("soak.duration must be at least 10 seconds, was " + duration);
		}
		if (clientThreads < 1) {
			throw new IllegalArgumentException("soak.threads must be at least 1, was " + clientThreads);
		}
	}

	static SoakSettings fromSystemProperties() {
		String duration = System.getProperty("soak.duration");
		String threads = System.getProperty("soak.threads");
		String seed = System.getProperty("soak.seed");
		return new SoakSettings(
				(duration != null && !duration.isBlank()) ? DurationStyle.detectAndParse(duration) : DEFAULT_DURATION,
				(threads != null && !threads.isBlank()) ? Integer.parseInt(threads.trim()) : DEFAULT_CLIENT_THREADS,
				(seed != null && !seed.isBlank()) ? Long.parseLong(seed.trim()) : DEFAULT_SEED, Duration.ofSeconds(5),
				Duration.ofSeconds(2));
	}

	/**
	 * How long each wait of the run's end may take (load to drain, rotations to finish,
	 * the pool to go idle, threads to end): at least 30 seconds, a tenth of the run for
	 * long runs, whose last rotation or fault may have left more to settle on a busy
	 * machine.
	 */
	Duration settleTimeout() {
		Duration tenth = this.duration.dividedBy(10);
		return (tenth.compareTo(Duration.ofSeconds(30)) > 0) ? tenth : Duration.ofSeconds(30);
	}

}
