package io.github.secretsspringboot.test.emulator;

/** A failure the emulator can inject into Secrets Manager requests. */
public enum FaultKind {

	/** {@code ThrottlingException} (HTTP 400), which the SDK retries as a throttle. */
	THROTTLING,

	/** {@code InternalServiceError} (HTTP 500), which the SDK retries as transient. */
	INTERNAL_SERVICE_ERROR,

	/** The response is held back for the control's timeout delay, so clients time out. */
	TIMEOUT,

	/** The connection is closed without a response, as an unreachable endpoint behaves. */
	CONNECTION_RESET

}
