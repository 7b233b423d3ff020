package io.github.secretsspringboot.test.emulator;

/**
 * An error answered to the client as an AWS JSON 1.1 error document ({@code {"__type":
 * code, "Message": message}}) with the given HTTP status. Messages never contain secret
 * values.
 */
public final class EmulatorServiceException extends RuntimeException {

	private final String errorCode;

	private final int httpStatus;

	public EmulatorServiceException(String errorCode, int httpStatus, String message) {
		super(message);
		this.errorCode = errorCode;
		this.httpStatus = httpStatus;
	}

	public String errorCode() {
		return this.errorCode;
	}

	public int httpStatus() {
		return this.httpStatus;
	}

	@Override
	public String toString() {
		return this.errorCode + " (" + this.httpStatus + "): " + getMessage();
	}

}
