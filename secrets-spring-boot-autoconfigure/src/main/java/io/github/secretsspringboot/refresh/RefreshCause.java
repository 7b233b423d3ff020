package io.github.secretsspringboot.refresh;

/**
 * Why secrets are being refreshed.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public enum RefreshCause {

	/** The periodic check. */
	SCHEDULE,

	/** The application or an operator asked for it. */
	REQUEST,

	/**
	 * Credentials taken from a secret were rejected, so the secret has probably been
	 * rotated.
	 */
	CREDENTIALS_REJECTED,

	/**
	 * Secrets Manager told of a change to the secret (an EventBridge event).
	 */
	EVENT

}
