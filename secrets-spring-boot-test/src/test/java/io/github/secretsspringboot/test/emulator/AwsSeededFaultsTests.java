package io.github.secretsspringboot.test.emulator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults injected for a share of requests draw from the emulator's one seeded source: the
 * same seed and the same requests give the same faults, however many threads ask at once.
 */
class AwsSeededFaultsTests {

	private static final int THREADS = 16;

	private static final int DRAWS_PER_THREAD = 20_000;

	@Test
	void concurrentRequestsDrawEachNumberOfTheSeededSequenceOnce() throws Exception {
		EmulatorControl concurrent = control(42);
		concurrent.failRequests(FaultKind.THROTTLING, 0.5, "GetSecretValue");
		ExecutorService threads = Executors.newFixedThreadPool(THREADS);
		try {
			List<Callable<Integer>> tasks = new ArrayList<>();
			for (int i = 0; i < THREADS; i++) {
				tasks.add(() -> faults(concurrent, DRAWS_PER_THREAD));
			}
			int total = 0;
			for (Future<Integer> faults : threads.invokeAll(tasks)) {
				total += faults.get();
			}
			EmulatorControl sequential = control(42);
			sequential.failRequests(FaultKind.THROTTLING, 0.5, "GetSecretValue");
			assertThat(total).isEqualTo(faults(sequential, THREADS * DRAWS_PER_THREAD));
			// No draw was lost or repeated: both are at the same point of the sequence.
			assertThat(pattern(concurrent, 256)).isEqualTo(pattern(sequential, 256));
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void sameSeedAndRequestsGiveTheSameFaultsThroughTheSdk() {
		List<Boolean> first = throttledCalls(7);
		assertThat(first).contains(true, false);
		assertThat(throttledCalls(7)).isEqualTo(first);
		assertThat(throttledCalls(8)).isNotEqualTo(first);
	}

	@Test
	void faultsForAKnownNumberOfRequestsDoNotShiftTheSeededSequence() {
		List<Boolean> plain = throttledCalls(11, false);
		assertThat(throttledCalls(11, true)).isEqualTo(plain);
	}

	private static List<Boolean> throttledCalls(long seed) {
		return throttledCalls(seed, false);
	}

	/**
	 * Which of 64 GetSecretValue calls are throttled, with a quarter of them failed at
	 * random; with {@code countedFaults}, DescribeSecret calls in between fail by count.
	 */
	private static List<Boolean> throttledCalls(long seed, boolean countedFaults) {
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.builder().randomSeed(seed).start();
				SecretsManagerClient client = EmulatorClients.withoutRetries(emulator)) {
			client.createSecret((r) -> r.name("seeded").secretString("v"));
			emulator.control().failRequests(FaultKind.THROTTLING, 0.25, "GetSecretValue");
			if (countedFaults) {
				emulator.control().failNextRequests(FaultKind.INTERNAL_SERVICE_ERROR, 1000, "DescribeSecret");
			}
			List<Boolean> throttled = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				if (countedFaults) {
					try {
						client.describeSecret((r) -> r.secretId("seeded"));
					}
					catch (SecretsManagerException ex) {
						// Failed by count, as asked.
					}
				}
				try {
					client.getSecretValue((r) -> r.secretId("seeded"));
					throttled.add(false);
				}
				catch (SecretsManagerException ex) {
					assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
					throttled.add(true);
				}
			}
			return throttled;
		}
	}

	private static EmulatorControl control(long seed) {
		return new EmulatorControl(new EmulatorClock(Clock.systemUTC()), new SplittableRandom(seed));
	}

	private static List<Boolean> pattern(EmulatorControl control, int requests) {
		List<Boolean> faults = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			faults.add(control.faultFor("GetSecretValue") != null);
		}
		return faults;
	}

	private static int faults(EmulatorControl control, int requests) {
		int faults = 0;
		for (int i = 0; i < requests; i++) {
			if (control.faultFor("GetSecretValue") != null) {
				faults++;
			}
		}
		return faults;
	}

}
