package io.github.secretsspringboot.config;

import java.io.IOException;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What a failed Secrets Manager request means for the secret it asked for.
 *
 * @author secrets-spring-boot
 */
public enum SecretsManagerErrorKind {

	NOT_FOUND, ACCESS_DENIED, DECRYPTION_FAILURE, SCHEDULED_FOR_DELETION,

	/**
	 * Throttling, server errors, timeouts and network failures: worth trying again later.
	 */
	TRANSIENT,

	OTHER;

	public static SecretsManagerErrorKind of(Throwable failure) {
		if (failure instanceof AwsServiceException service) {
			return ofErrorCode(service.awsErrorDetails() != null ? service.awsErrorDetails().errorCode() : null,
					service.getMessage(), service.isThrottlingException() || service.statusCode() >= 500);
		}
		if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
			return TRANSIENT;
		}
		if (failure instanceof SdkClientException) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof IOException) {
					return TRANSIENT;
				}
			}
		}
		return OTHER;
	}

	/**
	 * Whether Secrets Manager refused the request for the request rate: a transient
	 * failure of its own kind, as it calls for fewer requests rather than another try
	 * soon.
	 * @param failure what a request threw
	 * @return whether it was throttled
	 */
	public static boolean isThrottling(Throwable failure) {
		return failure instanceof AwsServiceException service && (service.isThrottlingException()
				|| (service.awsErrorDetails() != null && isThrottling(service.awsErrorDetails().errorCode())));
	}

	/**
	 * Whether an error code, as found in BatchGetSecretValue's Errors, tells of
	 * throttling.
	 * @param errorCode the error code, or {@code null}
	 * @return whether it was throttled
	 */
	public static boolean isThrottling(String errorCode) {
		return "ThrottlingException".equals(errorCode);
	}

	/**
	 * Classifies an error code, as found in exceptions and in BatchGetSecretValue's
	 * Errors.
	 * @param errorCode the error code, such as {@code AccessDeniedException}, or
	 * {@code null}
	 * @param message the error's message, which tells a secret scheduled for deletion
	 * apart
	 * @param retryable whether the request failed in a way worth retrying as such
	 * @return what the error means for the secret
	 */
	public static SecretsManagerErrorKind ofErrorCode(@Nullable String errorCode, @Nullable String message,
			boolean retryable) {
		if (retryable) {
			return TRANSIENT;
		}
		if (errorCode == null) {
			return OTHER;
		}
		return switch (errorCode) {
			case "ResourceNotFoundException" -> NOT_FOUND;
			case "AccessDeniedException", "AccessDenied" -> ACCESS_DENIED;
			case "DecryptionFailure" -> DECRYPTION_FAILURE;
			case "ThrottlingException", "InternalServiceError", "InternalFailure", "ServiceUnavailable",
					"RequestTimeout" ->
				TRANSIENT;
			case "InvalidRequestException" ->
				(message != null && message.contains("deletion")) ? SCHEDULED_FOR_DELETION : OTHER;
			default -> OTHER;
		};
	}

}
