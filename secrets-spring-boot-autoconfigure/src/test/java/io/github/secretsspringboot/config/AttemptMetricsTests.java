package io.github.secretsspringboot.config;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.github.secretsspringboot.test.emulator.FaultKind;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link AttemptMetrics}: the SDK's metrics of real calls count the requests
 * sent and tell what the failed attempts of a call cut short by its time limit ran into.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class AttemptMetricsTests {

	private SecretsManagerEmulator emulator;

	@BeforeEach
	void create(SecretsManagerEmulator emulator) {
		this.emulator = emulator;
		emulator.clear();
		emulator.control().reset();
		emulator.client().createSecret((secret) -> secret.name("app").secretString("value"));
	}

	@Test
	void everyAttemptOfACallIsCounted() {
		this.emulator.control().failNextRequests(FaultKind.INTERNAL_SERVICE_ERROR, 2, "GetSecretValue");
		AttemptMetrics metrics = new AttemptMetrics();
		this.emulator.client()
			.getSecretValue((request) -> request.secretId("app")
				.overrideConfiguration((override) -> override.addMetricPublisher(metrics)));
		assertThat(metrics.count()).isEqualTo(3);
	}

	@Test
	void aCallCutShortWhileThrottledIsExplainedByTheThrottling() {
		this.emulator.control().outage(FaultKind.THROTTLING);
		AttemptMetrics metrics = new AttemptMetrics();
		Throwable failure = catchThrowable(() -> this.emulator.client()
			.getSecretValue((request) -> request.secretId("app")
				.overrideConfiguration(
						(override) -> override.addMetricPublisher(metrics).apiCallTimeout(Duration.ofMillis(400)))));
		Throwable explained = metrics.explain(failure);
		assertThat(explained).isInstanceOf(StartupBudgetSpentException.class).hasCause(failure);
		assertThat(Unavailability.of(explained)).isEqualTo(Unavailability.THROTTLED);
		assertThat(metrics.count()).isPositive();
	}

	@Test
	void failuresThatAreNotTimeLimitsAreTheirOwnExplanation() {
		this.emulator.control().outage(FaultKind.INTERNAL_SERVICE_ERROR);
		AttemptMetrics metrics = new AttemptMetrics();
		Throwable failure = catchThrowable(() -> this.emulator.client()
			.getSecretValue((request) -> request.secretId("app")
				.overrideConfiguration((override) -> override.addMetricPublisher(metrics))));
		assertThat(metrics.explain(failure)).isSameAs(failure);
		TimeoutException timeout = new TimeoutException("deadline");
		assertThat(new AttemptMetrics().explain(timeout)).isSameAs(timeout);
	}

}
