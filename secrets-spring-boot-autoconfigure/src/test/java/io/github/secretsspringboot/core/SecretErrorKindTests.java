package io.github.secretsspringboot.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.github.secretsspringboot.test.emulator.FaultKind;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The one classification of failures: AWS error codes, the SDK's exceptions, timeouts and
 * I/O failures, and the exceptions the real SDK client throws against the emulator.
 */
@EmbeddedSecretsManager
class SecretErrorKindTests {

	private static final String DELETION_MESSAGE = "You can't perform this operation on the secret because it was "
			+ "marked for deletion.";

	@BeforeAll
	static void secrets(SecretsManagerEmulator emulator) {
		emulator.client().createSecret((secret) -> secret.name("kinds/present").secretString("value"));
		emulator.client().createSecret((secret) -> secret.name("kinds/kms").secretString("value"));
		emulator.client().createSecret((secret) -> secret.name("kinds/deleted").secretString("value"));
		emulator.client().deleteSecret((secret) -> secret.secretId("kinds/deleted"));
	}

	@AfterEach
	void reset(SecretsManagerEmulator emulator) {
		emulator.control().reset();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "ResourceNotFoundException, NOT_FOUND", "AccessDeniedException, ACCESS_DENIED",
			"AccessDenied, ACCESS_DENIED", "DecryptionFailure, DECRYPTION_FAILURE", "ThrottlingException, THROTTLED",
			"InternalServiceError, UNAVAILABLE", "InternalFailure, UNAVAILABLE", "ServiceUnavailable, UNAVAILABLE",
			"RequestTimeout, UNAVAILABLE", "InvalidRequestException, OTHER", "InvalidParameterException, OTHER",
			"ValidationException, OTHER" })
	void classifiesTheErrorCodesItRecognises(String errorCode, SecretErrorKind expected) {
		assertThat(SecretErrorKind.ofErrorCode(errorCode, "some message")).isEqualTo(expected);
	}

	@Test
	void tellsASecretScheduledForDeletionFromOtherInvalidRequests() {
		assertThat(SecretErrorKind.ofErrorCode("InvalidRequestException", DELETION_MESSAGE))
			.isEqualTo(SecretErrorKind.SCHEDULED_FOR_DELETION);
		assertThat(SecretErrorKind.ofErrorCode("InvalidRequestException", "The version stage is invalid."))
			.isEqualTo(SecretErrorKind.OTHER);
		assertThat(SecretErrorKind.ofErrorCode("InvalidRequestException", null)).isEqualTo(SecretErrorKind.OTHER);
	}

	@Test
	void anErrorWithoutCodeIsOther() {
		assertThat(SecretErrorKind.ofErrorCode(null, null)).isEqualTo(SecretErrorKind.OTHER);
		assertThat(SecretErrorKind.of(SecretsManagerException.builder().statusCode(400).message("no details").build()))
			.isEqualTo(SecretErrorKind.OTHER);
	}

	/**
	 * BatchGetSecretValue reports errors per secret as codes without a status; startup
	 * and refresh classify them as they classify the exception of the same code.
	 */
	@ParameterizedTest
	@CsvSource({ "ResourceNotFoundException", "AccessDeniedException", "DecryptionFailure", "ThrottlingException",
			"InternalServiceError", "InvalidRequestException", "InvalidParameterException" })
	void batchErrorsAreClassifiedAsTheExceptionOfTheSameCode(String errorCode) {
		assertThat(SecretErrorKind.ofErrorCode(errorCode, DELETION_MESSAGE))
			.isEqualTo(SecretErrorKind.of(serviceException(400, errorCode, DELETION_MESSAGE)));
	}

	@Test
	void classifiesTheSdkModelledExceptions() {
		assertThat(SecretErrorKind.of(ResourceNotFoundException.builder()
			.statusCode(400)
			.awsErrorDetails(details("ResourceNotFoundException", "Secrets Manager can't find the secret."))
			.build())).isEqualTo(SecretErrorKind.NOT_FOUND);
		assertThat(SecretErrorKind.of(DecryptionFailureException.builder()
			.statusCode(400)
			.awsErrorDetails(details("DecryptionFailure", "KMS key is disabled."))
			.build())).isEqualTo(SecretErrorKind.DECRYPTION_FAILURE);
		assertThat(SecretErrorKind.of(InvalidRequestException.builder()
			.statusCode(400)
			.message(DELETION_MESSAGE)
			.awsErrorDetails(details("InvalidRequestException", DELETION_MESSAGE))
			.build())).isEqualTo(SecretErrorKind.SCHEDULED_FOR_DELETION);
		assertThat(SecretErrorKind.of(InternalServiceErrorException.builder()
			.statusCode(500)
			.awsErrorDetails(details("InternalServiceError", "An error occurred on the server side."))
			.build())).isEqualTo(SecretErrorKind.UNAVAILABLE);
	}

	@Test
	void throttlingIsToldByStatusAndByCode() {
		assertThat(SecretErrorKind.of(serviceException(429, "TooManyRequestsException", "slow down")))
			.isEqualTo(SecretErrorKind.THROTTLED);
		assertThat(SecretErrorKind.of(serviceException(400, "ThrottlingException", "Rate exceeded")))
			.isEqualTo(SecretErrorKind.THROTTLED);
		// Throttling wins over the status: a 5xx that says so is throttling.
		assertThat(SecretErrorKind.of(serviceException(503, "ThrottlingException", "Rate exceeded")))
			.isEqualTo(SecretErrorKind.THROTTLED);
	}

	@Test
	void aServerErrorIsUnavailableWhateverItsCode() {
		assertThat(SecretErrorKind.of(serviceException(503, "SomethingNew", "unavailable")))
			.isEqualTo(SecretErrorKind.UNAVAILABLE);
		assertThat(SecretErrorKind.of(serviceException(500, "ResourceNotFoundException", "odd")))
			.isEqualTo(SecretErrorKind.UNAVAILABLE);
	}

	@Test
	void timeoutsAreUnavailable() {
		assertThat(SecretErrorKind.of(ApiCallTimeoutException.create(1000))).isEqualTo(SecretErrorKind.UNAVAILABLE);
		assertThat(SecretErrorKind.of(ApiCallAttemptTimeoutException.create(500)))
			.isEqualTo(SecretErrorKind.UNAVAILABLE);
		assertThat(SecretErrorKind.of(new TimeoutException("startup budget spent")))
			.isEqualTo(SecretErrorKind.UNAVAILABLE);
	}

	@Test
	void clientFailuresCausedByIoAreUnavailable() {
		assertThat(SecretErrorKind.of(clientException(new ConnectException("Connection refused"))))
			.isEqualTo(SecretErrorKind.UNAVAILABLE);
		assertThat(SecretErrorKind.of(clientException(new SocketTimeoutException("Read timed out"))))
			.isEqualTo(SecretErrorKind.UNAVAILABLE);
		assertThat(SecretErrorKind
			.of(clientException(new IllegalStateException("wrapped", new IOException("Connection reset")))))
			.isEqualTo(SecretErrorKind.UNAVAILABLE);
		assertThat(SecretErrorKind.of(new UncheckedIOException(new IOException("Broken pipe"))))
			.isEqualTo(SecretErrorKind.UNAVAILABLE);
	}

	@Test
	void clientFailuresOfAnotherCauseAreOther() {
		assertThat(SecretErrorKind.of(SdkClientException.create("Unable to load region")))
			.isEqualTo(SecretErrorKind.OTHER);
		assertThat(SecretErrorKind.of(new IllegalStateException("bug"))).isEqualTo(SecretErrorKind.OTHER);
		// Not an SDK failure: an I/O cause alone does not make it the network's.
		assertThat(SecretErrorKind.of(new IllegalStateException("bug", new IOException("file"))))
			.isEqualTo(SecretErrorKind.OTHER);
	}

	@Test
	void wrappersOfAsynchronousCallsAreClassifiedByTheirCause() {
		assertThat(SecretErrorKind.of(new CompletionException(serviceException(400, "AccessDeniedException", "no"))))
			.isEqualTo(SecretErrorKind.ACCESS_DENIED);
		assertThat(SecretErrorKind.of(new ExecutionException(ApiCallTimeoutException.create(1000))))
			.isEqualTo(SecretErrorKind.UNAVAILABLE);
	}

	@ParameterizedTest
	@EnumSource
	void onlyThrottlingAndUnavailabilityAreTransient(SecretErrorKind kind) {
		assertThat(kind.isTransient())
			.isEqualTo(EnumSet.of(SecretErrorKind.THROTTLED, SecretErrorKind.UNAVAILABLE).contains(kind));
	}

	// The exceptions the real SDK client throws, as the starter meets them.

	@Test
	void missingSecretIsNotFound(SecretsManagerEmulator emulator) {
		assertThat(kindOfRead(emulator, "kinds/missing")).isEqualTo(SecretErrorKind.NOT_FOUND);
	}

	@Test
	void deniedSecretIsAccessDenied(SecretsManagerEmulator emulator) {
		emulator.control().denyAccess("kinds/present");
		assertThat(kindOfRead(emulator, "kinds/present")).isEqualTo(SecretErrorKind.ACCESS_DENIED);
	}

	@Test
	void undecryptableSecretIsDecryptionFailure(SecretsManagerEmulator emulator) {
		emulator.control().failDecryption("kinds/kms");
		assertThat(kindOfRead(emulator, "kinds/kms")).isEqualTo(SecretErrorKind.DECRYPTION_FAILURE);
	}

	@Test
	void deletedSecretIsScheduledForDeletion(SecretsManagerEmulator emulator) {
		assertThat(kindOfRead(emulator, "kinds/deleted")).isEqualTo(SecretErrorKind.SCHEDULED_FOR_DELETION);
	}

	@Test
	void throttledRequestIsThrottled(SecretsManagerEmulator emulator) {
		emulator.control().failRequests(FaultKind.THROTTLING, 1.0);
		assertThat(kindOfRead(emulator, "kinds/present")).isEqualTo(SecretErrorKind.THROTTLED);
	}

	@Test
	void serverErrorIsUnavailable(SecretsManagerEmulator emulator) {
		emulator.control().failRequests(FaultKind.INTERNAL_SERVICE_ERROR, 1.0);
		assertThat(kindOfRead(emulator, "kinds/present")).isEqualTo(SecretErrorKind.UNAVAILABLE);
	}

	@Test
	void resetConnectionIsUnavailable(SecretsManagerEmulator emulator) {
		emulator.control().outage(FaultKind.CONNECTION_RESET);
		assertThat(kindOfRead(emulator, "kinds/present")).isEqualTo(SecretErrorKind.UNAVAILABLE);
	}

	@Test
	void unansweredRequestIsUnavailable(SecretsManagerEmulator emulator) {
		emulator.control().timeoutDelay(Duration.ofSeconds(5)).failRequests(FaultKind.TIMEOUT, 1.0);
		assertThat(kindOfRead(emulator, "kinds/present")).isEqualTo(SecretErrorKind.UNAVAILABLE);
	}

	@Test
	void refusedConnectionIsUnavailable() throws IOException {
		URI closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
		}
		try (SecretsManagerClient client = client(closed, "us-east-1")) {
			Throwable failure = catchThrowable(() -> client.getSecretValue((request) -> request.secretId("any")));
			assertThat(SecretErrorKind.of(failure)).isEqualTo(SecretErrorKind.UNAVAILABLE);
		}
	}

	private static SecretErrorKind kindOfRead(SecretsManagerEmulator emulator, String secretId) {
		try (SecretsManagerClient client = client(emulator.endpoint(), emulator.region())) {
			Throwable failure = catchThrowable(() -> client.getSecretValue((request) -> request.secretId(secretId)));
			assertThat(failure).as("failure reading %s", secretId).isNotNull();
			return SecretErrorKind.of(failure);
		}
	}

	private static SecretsManagerClient client(URI endpoint, String region) {
		return SecretsManagerClient.builder()
			.endpointOverride(endpoint)
			.region(Region.of(region))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.httpClientBuilder(UrlConnectionHttpClient.builder())
			.overrideConfiguration((override) -> override.retryStrategy(AwsRetryStrategy.doNotRetry())
				.apiCallTimeout(Duration.ofSeconds(1)))
			.build();
	}

	private static SecretsManagerException serviceException(int status, String errorCode, String message) {
		return (SecretsManagerException) SecretsManagerException.builder()
			.statusCode(status)
			.message(message)
			.awsErrorDetails(details(errorCode, message))
			.build();
	}

	private static AwsErrorDetails details(String errorCode, String message) {
		return AwsErrorDetails.builder()
			.errorCode(errorCode)
			.errorMessage(message)
			.serviceName("SecretsManager")
			.build();
	}

	private static SdkClientException clientException(Throwable cause) {
		return SdkClientException.builder().message("Unable to execute HTTP request").cause(cause).build();
	}

}
