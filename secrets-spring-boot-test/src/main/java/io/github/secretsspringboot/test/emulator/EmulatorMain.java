package io.github.secretsspringboot.test.emulator;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.github.secretsspringboot.test.rotation.BuiltInRotationFunctions;

/**
 * Runs the emulator as a process of its own, for the AWS CLI, other languages and
 * applications started outside the test JVM:
 * {@code java -jar secrets-spring-boot-test-<version>-emulator.jar --port 4566 --seed secrets.json}.
 * Prints its endpoint once it listens and serves until the process is stopped.
 * <p>
 * Clients outside the JVM cannot register rotation functions, so the process registers
 * the {@linkplain BuiltInRotationFunctions built-in ones} before it listens, and prints
 * their ARNs.
 */
public final class EmulatorMain {

	/** Command line errors, as getopt-style tools answer them. */
	private static final int USAGE_ERROR = 2;

	private static final int STARTUP_ERROR = 1;

	private EmulatorMain() {
	}

	public static void main(String[] args) {
		EmulatorOptions options;
		try {
			options = EmulatorOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println();
			System.err.println(EmulatorOptions.usage());
			System.exit(USAGE_ERROR);
			return;
		}
		if (options.help()) {
			System.out.println(EmulatorOptions.usage());
			return;
		}
		SecretsManagerEmulator emulator = start(options);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			emulator.close();
			stopped.countDown();
		}, "secrets-manager-emulator-shutdown"));
		System.out.println("Secrets Manager emulator listening on " + emulator.endpoint() + " (region "
				+ emulator.region() + ", account " + emulator.accountId() + ")");
		System.out.println("Control API: " + emulator.endpoint() + EmulatorControlHttpHandler.PATH_PREFIX + "health");
		System.out.flush();
		awaitUninterruptibly(stopped);
	}

	private static SecretsManagerEmulator start(EmulatorOptions options) {
		SecretsManagerEmulator emulator;
		try {
			emulator = SecretsManagerEmulator.builder()
				.port(options.port())
				.region(options.region())
				.accountId(options.accountId())
				.start();
		}
		catch (UncheckedIOException ex) {
			exit(ex.getMessage() + ": " + ex.getCause().getMessage());
			return null;
		}
		for (String queueUrl : options.eventQueues()) {
			try {
				emulator.events().toQueue(queueUrl);
				System.out.println("Events to: " + queueUrl);
			}
			catch (IllegalArgumentException ex) {
				emulator.close();
				exit("Bad --event-queue: " + ex.getMessage());
			}
		}
		if (options.sqsEndpoint() != null) {
			emulator.topics().sqsEndpoint(options.sqsEndpoint());
			System.out.println("Topics deliver to SQS at: " + options.sqsEndpoint());
		}
		for (String topicName : options.eventTopics()) {
			try {
				String topicArn = emulator.topics().create(topicName);
				emulator.events().toTopic(topicArn);
				System.out.println("Events to: " + topicArn);
			}
			catch (EmulatorServiceException ex) {
				emulator.close();
				exit("Bad --event-topic: " + ex.getMessage());
			}
		}
		List<String> rotationFunctions = BuiltInRotationFunctions.registerWith(emulator);
		System.out.println("Rotation functions: " + String.join(", ", rotationFunctions));
		if (options.seed() != null) {
			try {
				List<String> created = emulator.seed(options.seed());
				System.out.println("Seeded " + created.size() + " secret" + ((created.size() != 1) ? "s" : "")
						+ " from " + options.seed() + ": " + String.join(", ", created));
			}
			catch (IllegalArgumentException ex) {
				emulator.close();
				exit("Could not seed from " + options.seed() + ": " + ex.getMessage());
			}
			catch (UncheckedIOException ex) {
				emulator.close();
				exit(ex.getMessage() + " (" + ex.getCause() + ")");
			}
		}
		return emulator;
	}

	private static void exit(String message) {
		System.err.println(message);
		System.exit(STARTUP_ERROR);
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		boolean interrupted = false;
		while (latch.getCount() > 0) {
			try {
				latch.await();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

}
