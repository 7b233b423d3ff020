package io.github.secretsspringboot.config;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.secretsspringboot.test.emulator.FaultKind;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link StartupRetries}: real requests retried through transient failures
 * while the startup budget lasts, and no longer.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class StartupRetriesTests {

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	@BeforeEach
	void reset(SecretsManagerEmulator emulator) {
		emulator.clear();
		emulator.control().reset();
		emulator.client().createSecret((secret) -> secret.name("app").secretString("value"));
		emulator.control().resetCounters();
	}

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
	}

	@Test
	void aTransientFailureIsRetriedUntilTheRequestSucceeds(SecretsManagerEmulator emulator) throws Exception {
		// The SDK makes three attempts a call: the first call fails, the second succeeds.
		emulator.control().failNextRequests(FaultKind.INTERNAL_SERVICE_ERROR, 5, "GetSecretValue");
		StartupRetries retries = new StartupRetries(this.executor, Instant.now().plusSeconds(20));
		GetSecretValueResponse response = retries.call((remaining) -> get(emulator, remaining))
			.get(20, TimeUnit.SECONDS);
		assertThat(response.secretString()).isEqualTo("value");
		assertThat(retries.requests()).isEqualTo(2);
		assertThat(emulator.control().requestCount("GetSecretValue")).isEqualTo(6);
	}

	@Test
	void aFailureOfTheSecretItselfIsNotRetried(SecretsManagerEmulator emulator) {
		StartupRetries retries = new StartupRetries(this.executor, Instant.now().plusSeconds(20));
		CompletableFuture<GetSecretValueResponse> result = retries
			.call((remaining) -> emulator.client().getSecretValue((request) -> request.secretId("missing")));
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> result.get(20, TimeUnit.SECONDS))
			.withCauseInstanceOf(ResourceNotFoundException.class);
		assertThat(retries.requests()).isOne();
		assertThat(emulator.control().requestCount("GetSecretValue")).isOne();
	}

	@Test
	void retriesStopWhenTheBudgetIsSpentAndEveryCallIsBoundedByTheTimeLeft(SecretsManagerEmulator emulator) {
		emulator.control().outage(FaultKind.INTERNAL_SERVICE_ERROR);
		Instant deadline = Instant.now().plusSeconds(2);
		StartupRetries retries = new StartupRetries(this.executor, deadline);
		List<Duration> allowed = new ArrayList<>();
		CompletableFuture<GetSecretValueResponse> result = retries.call((remaining) -> {
			synchronized (allowed) {
				allowed.add(remaining);
			}
			return get(emulator, remaining);
		});
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> result.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(SdkException.class);
		assertThat(Instant.now()).isBefore(deadline.plusSeconds(2));
		assertThat(retries.requests()).isGreaterThan(1).isEqualTo(allowed.size());
		assertThat(allowed).allSatisfy((remaining) -> assertThat(remaining).isLessThanOrEqualTo(Duration.ofSeconds(2)));
		assertThat(allowed.get(allowed.size() - 1)).isLessThan(allowed.get(0));
	}

	@Test
	void noTimeIsLeftAfterTheDeadline() {
		StartupRetries retries = new StartupRetries(this.executor, Instant.now().minusSeconds(1));
		assertThat(retries.remaining()).isEqualTo(Duration.ZERO);
		assertThat(retries.requests()).isZero();
	}

	private static GetSecretValueResponse get(SecretsManagerEmulator emulator, Duration remaining) {
		return emulator.client()
			.getSecretValue((request) -> request.secretId("app")
				.overrideConfiguration((override) -> override.apiCallTimeout(remaining)));
	}

}
