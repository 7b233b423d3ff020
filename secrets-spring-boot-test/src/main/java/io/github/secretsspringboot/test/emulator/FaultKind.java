package io.github.secretsspringboot.test.emulator;

/** A failure the emulator can inject into Secrets Manager requests. */
public enum FaultKind {

	/** {@code ThrottlingException} (HTTP 400), which the SDK retries as a throttle. */
	THROTTLING,

	/** {@code InternalServiceError} (HTTP 500), which the SDK retries as transient. */
	INTERNAL_SERVICE_ERROR,

	/** The response is held back for the control's timeout delay, so clients time out. */
	TIMEOUT,

	/**
	 * The connection is closed without a response, as an unreachable endpoint behaves.
	 */
	CONNECTION_RESET,

	/**
	 * The request is carried out, then its connection is closed without a response, as
	 * when the answer is lost on its way back: the client sees an I/O error and retries a
	 * write with the same {@code ClientRequestToken}, which Secrets Manager takes as the
	 * same request (no second version) when the content is the same.
	 */
	LOST_RESPONSE

}
