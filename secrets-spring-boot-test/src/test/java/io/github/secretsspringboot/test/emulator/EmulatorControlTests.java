package io.github.secretsspringboot.test.emulator;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The Java control API, observed through the real SDK client. */
class EmulatorControlTests {

	/** The SDK's standard retry mode makes three attempts per call. */
	private static final int STANDARD_ATTEMPTS = 3;

	private static SecretsManagerEmulator emulator;

	private static SecretsManagerClient oneAttempt;

	private static SecretsManagerClient standardRetries;

	@BeforeAll
	static void start() {
		emulator = SecretsManagerEmulator.builder().randomSeed(42).start();
		oneAttempt = EmulatorClients.withoutRetries(emulator);
		standardRetries = EmulatorClients.with(emulator, (override) -> override.retryStrategy(RetryMode.STANDARD));
		emulator.client().createSecret((r) -> r.name("control/db").secretString("db-value"));
		emulator.client().createSecret((r) -> r.name("control/api").secretString("api-value"));
	}

	@AfterAll
	static void stop() {
		oneAttempt.close();
		standardRetries.close();
		emulator.close();
	}

	@AfterEach
	void resetControl() {
		emulator.control().reset();
	}

	@Test
	void latencyDelaysEveryResponse() {
		emulator.control().latency(Duration.ofMillis(300));
		long started = System.nanoTime();
		oneAttempt.getSecretValue((r) -> r.secretId("control/db"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
	}

	@Test
	void outageFailsEveryOperationUntilItEnds() {
		emulator.control().outage();
		assertThat(emulator.control().isOutage()).isTrue();
		assertThatExceptionOfType(SdkClientException.class)
			.isThrownBy(() -> oneAttempt.getSecretValue((r) -> r.secretId("control/db")));
		assertThatExceptionOfType(SdkClientException.class).isThrownBy(() -> oneAttempt.listSecrets((r) -> {
		}));
		emulator.control().endOutage();
		assertThat(oneAttempt.getSecretValue((r) -> r.secretId("control/db")).secretString()).isEqualTo("db-value");
	}

	@Test
	void throttlingSurfacesAfterTheSdkRetries() {
		emulator.control().failRequests(FaultKind.THROTTLING, 1.0).resetCounters();
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> standardRetries.getSecretValue((r) -> r.secretId("control/db")))
			.satisfies((ex) -> {
				assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
				assertThat(ex.isThrottlingException()).isTrue();
				assertThat(ex.statusCode()).isEqualTo(400);
			});
		assertThat(emulator.control().requestCount("GetSecretValue")).isEqualTo(STANDARD_ATTEMPTS);
	}

	@Test
	void internalServiceErrorIsAnHttp500() {
		emulator.control().failRequests(FaultKind.INTERNAL_SERVICE_ERROR, 1.0).resetCounters();
		assertThatExceptionOfType(InternalServiceErrorException.class)
			.isThrownBy(() -> standardRetries.getSecretValue((r) -> r.secretId("control/db")))
			.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(500));
		assertThat(emulator.control().requestCount("GetSecretValue")).isEqualTo(STANDARD_ATTEMPTS);
	}

	@Test
	void timeoutOutlastsTheClientsAttemptTimeout() {
		emulator.control().timeoutDelay(Duration.ofSeconds(10)).failRequests(FaultKind.TIMEOUT, 1.0);
		try (SecretsManagerClient impatient = EmulatorClients.with(emulator,
				(override) -> override.apiCallAttemptTimeout(Duration.ofMillis(200))
					.retryStrategy(AwsRetryStrategy.doNotRetry()))) {
			assertThatExceptionOfType(ApiCallAttemptTimeoutException.class)
				.isThrownBy(() -> impatient.getSecretValue((r) -> r.secretId("control/db")));
		}
	}

	@Test
	void connectionResetIsAClientSideFailure() {
		emulator.control().failRequests(FaultKind.CONNECTION_RESET, 1.0);
		assertThatExceptionOfType(SdkClientException.class)
			.isThrownBy(() -> oneAttempt.getSecretValue((r) -> r.secretId("control/db")))
			.satisfies((ex) -> assertThat(ex).isNotInstanceOf(SecretsManagerException.class));
	}

	@Test
	void injectedFaultsHitOnlyTheNamedOperations() {
		emulator.control().failRequests(FaultKind.THROTTLING, 1.0, "GetSecretValue");
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> oneAttempt.getSecretValue((r) -> r.secretId("control/db")));
		assertThatNoException().isThrownBy(() -> oneAttempt.listSecrets((r) -> {
		}));
		assertThatNoException().isThrownBy(() -> oneAttempt.batchGetSecretValue((r) -> r.secretIdList("control/db")));
	}

	@Test
	void countedFaultFailsOnlyTheNextRequestsOfItsOperations() {
		emulator.control().failNextRequests(FaultKind.THROTTLING, 2, "GetSecretValue").resetCounters();
		assertThatNoException().isThrownBy(() -> oneAttempt.describeSecret((r) -> r.secretId("control/db")));
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(SecretsManagerException.class)
				.isThrownBy(() -> oneAttempt.getSecretValue((r) -> r.secretId("control/db")))
				.satisfies((ex) -> assertThat(ex.isThrottlingException()).isTrue());
		}
		assertThat(oneAttempt.getSecretValue((r) -> r.secretId("control/db")).secretString()).isEqualTo("db-value");
		assertThat(oneAttempt.getSecretValue((r) -> r.secretId("control/api")).secretString()).isEqualTo("api-value");
		assertThat(emulator.control().requestCount("GetSecretValue")).isEqualTo(4);
	}

	@Test
	void countedFaultShorterThanTheRetriesIsSurvivedInExactlyOneMoreRequest() {
		emulator.control().failNextRequests(FaultKind.INTERNAL_SERVICE_ERROR, STANDARD_ATTEMPTS - 1).resetCounters();
		assertThat(standardRetries.getSecretValue((r) -> r.secretId("control/db")).secretString())
			.isEqualTo("db-value");
		assertThat(emulator.control().requestCount("GetSecretValue")).isEqualTo(STANDARD_ATTEMPTS);
	}

	@Test
	void countedFaultMustNotBeNegative() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> emulator.control().failNextRequests(FaultKind.THROTTLING, -1))
			.withMessageContaining("count");
	}

	@Test
	void faultRateFailsThatShareOfRequests() {
		emulator.control().failRequests(FaultKind.THROTTLING, 0.5, "GetSecretValue");
		int failures = 0;
		for (int i = 0; i < 100; i++) {
			try {
				oneAttempt.getSecretValue((r) -> r.secretId("control/db"));
			}
			catch (SecretsManagerException ex) {
				failures++;
			}
		}
		assertThat(failures).isBetween(30, 70);
	}

	@Test
	void deniedSecretIsAccessDeniedException() {
		emulator.control().denyAccess("control/db");
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> oneAttempt.getSecretValue((r) -> r.secretId("control/db")))
			.satisfies((ex) -> {
				assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
				assertThat(ex.statusCode()).isEqualTo(400);
				assertThat(ex.getMessage()).doesNotContain("db-value");
			});
		assertThat(oneAttempt.getSecretValue((r) -> r.secretId("control/api")).secretString()).isEqualTo("api-value");
		emulator.control().allowAccess("control/db");
		assertThat(oneAttempt.getSecretValue((r) -> r.secretId("control/db")).secretString()).isEqualTo("db-value");
	}

	@Test
	void operationsDeniedForOneSecretFailOnlyThere() {
		emulator.control().denyOperations("control/db", "BatchGetSecretValue");
		BatchGetSecretValueResponse batch = oneAttempt
			.batchGetSecretValue((r) -> r.secretIdList("control/db", "control/api"));
		assertThat(batch.secretValues()).extracting(SecretValueEntry::name).containsExactly("control/api");
		assertThat(batch.errors()).singleElement().satisfies((error) -> {
			assertThat(error.secretId()).isEqualTo("control/db");
			assertThat(error.errorCode()).isEqualTo("AccessDeniedException");
		});
		assertThat(oneAttempt.getSecretValue((r) -> r.secretId("control/db")).secretString()).isEqualTo("db-value");
		emulator.control().allowAccess("control/db");
		assertThat(oneAttempt.batchGetSecretValue((r) -> r.secretIdList("control/db")).secretValues()).hasSize(1);
	}

	@Test
	void undecryptableSecretIsDecryptionFailure() {
		emulator.control().failDecryption("control/db");
		assertThatExceptionOfType(DecryptionFailureException.class)
			.isThrownBy(() -> oneAttempt.getSecretValue((r) -> r.secretId("control/db")))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("db-value"));
		emulator.control().allowDecryption("control/db");
		assertThat(oneAttempt.getSecretValue((r) -> r.secretId("control/db")).secretString()).isEqualTo("db-value");
	}

	@Test
	void countersCountRequestsByOperationFailedOnesIncluded() {
		emulator.control().resetCounters();
		oneAttempt.getSecretValue((r) -> r.secretId("control/db"));
		oneAttempt.getSecretValue((r) -> r.secretId("control/api"));
		assertThatExceptionOfType(SecretsManagerException.class)
			.isThrownBy(() -> oneAttempt.getSecretValue((r) -> r.secretId("control/missing")));
		oneAttempt.listSecrets((r) -> {
		});
		assertThat(emulator.control().requestCounts()).containsExactly(Map.entry("GetSecretValue", 3L),
				Map.entry("ListSecrets", 1L));
		assertThat(emulator.control().requestCount("GetSecretValue")).isEqualTo(3);
		assertThat(emulator.control().totalRequests()).isEqualTo(4);
		emulator.control().resetCounters();
		assertThat(emulator.control().totalRequests()).isZero();
	}

	@Test
	void advancedClockDatesLaterAccesses() {
		emulator.control().advanceClock(Duration.ofDays(3));
		oneAttempt.getSecretValue((r) -> r.secretId("control/api"));
		SecretListEntry entry = oneAttempt.listSecrets((r) -> r.filters((f) -> f.key("name").values("control/api")))
			.secretList()
			.get(0);
		assertThat(entry.lastAccessedDate()).isAfter(entry.createdDate().plus(Duration.ofDays(2)));
	}

}
