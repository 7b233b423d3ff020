package io.github.secretsspringboot.config;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.github.secretsspringboot.client.AwsSecretsProperties;
import io.github.secretsspringboot.test.emulator.FaultKind;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link Unavailability}: what the last failure of a real client tells about
 * why Secrets Manager could not serve a secret, and what each kind says to do.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class UnavailabilityTests {

	@BeforeEach
	void reset(SecretsManagerEmulator emulator) {
		emulator.clear();
		emulator.control().reset();
		emulator.client().createSecret((secret) -> secret.name("app").secretString("value"));
	}

	@Test
	void throttlingOfTheRealClientIsThrottled(SecretsManagerEmulator emulator) {
		emulator.control().outage(FaultKind.THROTTLING);
		assertThat(Unavailability.of(failureOf(emulator, Duration.ofSeconds(10)))).isEqualTo(Unavailability.THROTTLED);
	}

	@Test
	void serverErrorsOfTheRealClientAreServerErrors(SecretsManagerEmulator emulator) {
		emulator.control().outage(FaultKind.INTERNAL_SERVICE_ERROR);
		assertThat(Unavailability.of(failureOf(emulator, Duration.ofSeconds(10))))
			.isEqualTo(Unavailability.SERVER_ERROR);
	}

	@Test
	void anAnswerThatNeverComesIsATimeout(SecretsManagerEmulator emulator) {
		emulator.control().timeoutDelay(Duration.ofSeconds(3)).outage(FaultKind.TIMEOUT);
		assertThat(Unavailability.of(failureOf(emulator, Duration.ofMillis(300)))).isEqualTo(Unavailability.TIMED_OUT);
	}

	@Test
	void aConnectionClosedWithoutAnswerIsAFailedConnection(SecretsManagerEmulator emulator) {
		emulator.control().outage(FaultKind.CONNECTION_RESET);
		assertThat(Unavailability.of(failureOf(emulator, Duration.ofSeconds(10))))
			.isEqualTo(Unavailability.CONNECTION_FAILED);
	}

	@Test
	void transientErrorsNamedInABatchAnswerAreToldByTheirCode() {
		assertThat(Unavailability.of(batchError("InternalServiceError"))).isEqualTo(Unavailability.SERVER_ERROR);
		assertThat(Unavailability.of(batchError("ServiceUnavailable"))).isEqualTo(Unavailability.SERVER_ERROR);
		assertThat(Unavailability.of(batchError("RequestTimeout"))).isEqualTo(Unavailability.TIMED_OUT);
		assertThat(Unavailability.of(batchError("ThrottlingException"))).isEqualTo(Unavailability.THROTTLED);
		assertThat(Unavailability.of(batchError("SomethingElse"))).isEqualTo(Unavailability.OTHER);
	}

	@Test
	void aSpentBudgetIsWhatItsRetriedRequestsRanInto() {
		assertThat(Unavailability
			.of(new StartupBudgetSpentException(Unavailability.THROTTLED, new TimeoutException("deadline"))))
			.isEqualTo(Unavailability.THROTTLED);
		assertThat(Unavailability.of(new TimeoutException("deadline"))).isEqualTo(Unavailability.TIMED_OUT);
		assertThat(Unavailability.of(SdkClientException.create("read", new SocketTimeoutException("read"))))
			.isEqualTo(Unavailability.TIMED_OUT);
		assertThat(Unavailability.of(new IllegalStateException("other"))).isEqualTo(Unavailability.OTHER);
	}

	@Test
	void eachKindTellsWhatHappenedAndWhatToDo() {
		AwsSecretsProperties properties = new AwsSecretsProperties();
		properties.setEndpoint(URI.create("https://vpce-1.secretsmanager.eu-west-1.vpce.amazonaws.com"));
		properties.setApiCallTimeout(Duration.ofSeconds(2));
		assertThat(Unavailability.TIMED_OUT.describe(properties)).isEqualTo(
				"requests to Secrets Manager timed out, none answered within aws.secrets.api-call-timeout (PT2S)");
		assertThat(Unavailability.CONNECTION_FAILED.describe(properties)).isEqualTo(
				"no connection to the Secrets Manager endpoint https://vpce-1.secretsmanager.eu-west-1.vpce.amazonaws.com succeeded");
		assertThat(Unavailability.THROTTLED.describe(properties)).contains("ThrottlingException");
		assertThat(Unavailability.THROTTLED.action()).contains("per account and Region")
			.contains("aws.secrets.startup-timeout");
		assertThat(Unavailability.SERVER_ERROR.action()).contains("AWS Health Dashboard");
		assertThat(Unavailability.TIMED_OUT.action()).contains("aws.secrets.api-call-timeout");
		assertThat(Unavailability.CONNECTION_FAILED.action()).contains("AWS_ENDPOINT_URL_SECRETS_MANAGER");
		for (Unavailability kind : Unavailability.values()) {
			assertThat(kind.describe(properties)).isNotBlank();
			assertThat(kind.action()).isNotBlank();
		}
	}

	@Test
	void withoutACallLimitTheBudgetBoundsTheCalls() {
		AwsSecretsProperties properties = new AwsSecretsProperties();
		properties.setApiCallTimeout(null);
		assertThat(Unavailability.TIMED_OUT.describe(properties)).endsWith("none answered within the startup budget");
	}

	private static Throwable failureOf(SecretsManagerEmulator emulator, Duration callTimeout) {
		Throwable failure = catchThrowable(() -> emulator.client()
			.getSecretValue((request) -> request.secretId("app")
				.overrideConfiguration((override) -> override.apiCallTimeout(callTimeout))));
		assertThat(failure).isNotNull();
		return failure;
	}

	private static SecretsManagerException batchError(String errorCode) {
		return (SecretsManagerException) SecretsManagerException.builder()
			.statusCode(400)
			.message("batch error")
			.awsErrorDetails(AwsErrorDetails.builder().errorCode(errorCode).errorMessage("batch error").build())
			.build();
	}

}
