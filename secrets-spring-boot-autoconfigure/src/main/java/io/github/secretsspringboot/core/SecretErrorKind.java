package io.github.secretsspringboot.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Why a secret could not be loaded or refreshed: the one classification of failures
 * shared by the import at startup ({@link SecretImportException#getKind()}, the the
 * start-up load report), the refresher (its results and states), health details and the
 * {@code error} tag of metrics, where the constant's name is the value shown. A kind
 * only, never a message, which could echo content.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public enum SecretErrorKind {

	/**
	 * The secret does not exist ({@code ResourceNotFoundException}): a wrong name or ARN,
	 * another Region or account, or a secret that was deleted.
	 */
	NOT_FOUND,

	/**
	 * The application's principal may not read the secret or its KMS key
	 * ({@code AccessDeniedException}): its IAM policy, the secret's resource policy or
	 * the key policy does not allow it.
	 */
	ACCESS_DENIED,

	/**
	 * Secrets Manager could not decrypt the secret with its KMS key
	 * ({@code DecryptionFailure}): a disabled key, or no {@code kms:Decrypt} on it.
	 */
	DECRYPTION_FAILURE,

	/**
	 * The secret is scheduled for deletion and cannot be read until it is restored.
	 */
	SCHEDULED_FOR_DELETION,

	/**
	 * Secrets Manager refused requests for their rate ({@code ThrottlingException}, HTTP
	 * 429): it is up, and asks for fewer requests. Transient. At startup, where requests
	 * are retried until the startup budget is spent, an import that could not be loaded
	 * in time is {@link #UNAVAILABLE} whatever the requests ran into; its failure
	 * analysis names the throttling.
	 */
	THROTTLED,

	/**
	 * Secrets Manager could not be reached or did not answer: server errors (HTTP 5xx),
	 * timeouts, refused or reset connections, a host that does not resolve. Transient.
	 */
	UNAVAILABLE,

	/**
	 * An {@code aws-secret:} location of {@code spring.config.import} is invalid, or a
	 * setting it depends on is set where the import cannot see it. Only at startup.
	 */
	INVALID_IMPORT,

	/**
	 * The secret's value cannot be mapped to properties as the import asks (JSON that
	 * does not parse, a missing key, a binary value, a database secret without
	 * {@code username} or {@code password}), or properties it supplies are refused. At
	 * refresh, the properties in force are kept.
	 */
	INVALID_CONTENT,

	/**
	 * No version carries the staging label the import follows any more. Only at refresh.
	 */
	STAGE_NOT_FOUND,

	/** Any other failure. */
	OTHER;

	/**
	 * Whether the failure is expected to pass by itself, so that trying again later may
	 * succeed: {@link #THROTTLED} and {@link #UNAVAILABLE}.
	 * @return whether the failure is transient
	 */
	public boolean isTransient() {
		return this == THROTTLED || this == UNAVAILABLE;
	}

	/**
	 * Classifies what a request to Secrets Manager threw. A {@link CompletionException}
	 * or {@link ExecutionException} is classified by its cause.
	 * @param failure what the request threw
	 * @return what the failure means for the secret
	 */
	public static SecretErrorKind of(Throwable failure) {
		if ((failure instanceof CompletionException || failure instanceof ExecutionException)
				&& failure.getCause() != null) {
			return of(failure.getCause());
		}
		if (failure instanceof AwsServiceException service) {
			String errorCode = (service.awsErrorDetails() != null) ? service.awsErrorDetails().errorCode() : null;
			if (service.isThrottlingException()) {
				return THROTTLED;
			}
			if (service.statusCode() >= 500) {
				return UNAVAILABLE;
			}
			return ofErrorCode(errorCode, service.getMessage());
		}
		if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException
				|| failure instanceof TimeoutException) {
			return UNAVAILABLE;
		}
		if (failure instanceof SdkClientException || failure instanceof UncheckedIOException
				|| failure instanceof IOException) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof IOException) {
					return UNAVAILABLE;
				}
			}
		}
		return OTHER;
	}

	/**
	 * Classifies an AWS error code, as found in exceptions and in the {@code Errors} of a
	 * {@code BatchGetSecretValue} answer, which carry no HTTP status.
	 * @param errorCode the error code, such as {@code AccessDeniedException}
	 * @param message the error's message, which tells a secret scheduled for deletion
	 * apart from other invalid requests
	 * @return what the error means for the secret
	 */
	public static SecretErrorKind ofErrorCode(@Nullable String errorCode, @Nullable String message) {
		if (errorCode == null) {
			return OTHER;
		}
		return switch (errorCode) {
			case "ResourceNotFoundException" -> NOT_FOUND;
			case "AccessDeniedException", "AccessDenied" -> ACCESS_DENIED;
			case "DecryptionFailure" -> DECRYPTION_FAILURE;
			case "ThrottlingException" -> THROTTLED;
			case "InternalServiceError", "InternalFailure", "ServiceUnavailable", "RequestTimeout" -> UNAVAILABLE;
			case "InvalidRequestException" ->
				(message != null && message.contains("deletion")) ? SCHEDULED_FOR_DELETION : OTHER;
			default -> OTHER;
		};
	}

}
