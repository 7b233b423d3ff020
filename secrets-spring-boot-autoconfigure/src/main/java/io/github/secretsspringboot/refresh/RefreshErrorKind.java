package io.github.secretsspringboot.refresh;

import io.github.secretsspringboot.config.SecretsManagerErrorKind;

/**
 * Why the refresh of a secret failed. Kinds only: never a message, which could echo
 * content.
 *
 * @author secrets-spring-boot
 */
public enum RefreshErrorKind {

	/** The secret no longer exists. */
	NOT_FOUND,

	/** The application's principal may not read the secret or its KMS key. */
	ACCESS_DENIED,

	/** Secrets Manager could not decrypt the secret with its KMS key. */
	DECRYPTION_FAILURE,

	/** The secret is scheduled for deletion. */
	SCHEDULED_FOR_DELETION,

	/**
	 * Secrets Manager refused the request for its request rate: it is up, and asks for
	 * fewer requests.
	 */
	THROTTLED,

	/** Server errors, timeouts or an unreachable endpoint. */
	UNAVAILABLE,

	/** The new version cannot be mapped to properties as the import asks. */
	INVALID_CONTENT,

	/** No version carries the staging label the import follows any more. */
	STAGE_NOT_FOUND,

	/** Any other failure. */
	OTHER;

	static RefreshErrorKind of(SecretsManagerErrorKind kind) {
		return switch (kind) {
			case NOT_FOUND -> NOT_FOUND;
			case ACCESS_DENIED -> ACCESS_DENIED;
			case DECRYPTION_FAILURE -> DECRYPTION_FAILURE;
			case SCHEDULED_FOR_DELETION -> SCHEDULED_FOR_DELETION;
			case TRANSIENT -> UNAVAILABLE;
			case OTHER -> OTHER;
		};
	}

	static RefreshErrorKind of(Throwable failure) {
		if (SecretsManagerErrorKind.isThrottling(failure)) {
			return THROTTLED;
		}
		return of(SecretsManagerErrorKind.of(failure));
	}

	/**
	 * The kind of an error that BatchGetSecretValue reports for one secret.
	 * @param errorCode the error code, such as {@code ResourceNotFoundException}
	 * @param message the error's message
	 * @return the kind
	 */
	static RefreshErrorKind ofErrorCode(String errorCode, String message) {
		if (SecretsManagerErrorKind.isThrottling(errorCode)) {
			return THROTTLED;
		}
		return of(SecretsManagerErrorKind.ofErrorCode(errorCode, message, false));
	}

}
