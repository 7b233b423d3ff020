package io.github.secretsspringboot.test.emulator;

/**
 * The errors SNS answers, with AWS's codes and HTTP statuses; messages never contain a
 * message body.
 */
final class SnsErrors {

	private SnsErrors() {
	}

	static EmulatorServiceException invalidParameter(String detail) {
		return new EmulatorServiceException("InvalidParameter", 400, "Invalid parameter: " + detail);
	}

	static EmulatorServiceException notFound(String message) {
		return new EmulatorServiceException("NotFound", 404, message);
	}

	static EmulatorServiceException authorizationError(String action, String resource) {
		return new EmulatorServiceException("AuthorizationError", 403,
				"User: arn:aws:iam::emulator is not authorized to perform: SNS:" + action + " on resource: "
						+ resource);
	}

	static EmulatorServiceException invalidAction(String action) {
		return new EmulatorServiceException("InvalidAction", 400,
				"The action or operation requested is invalid: " + action);
	}

	static EmulatorServiceException missingParameter(String name) {
		return new EmulatorServiceException("InvalidParameter", 400,
				"Invalid parameter: " + name + " Reason: Missing required parameter");
	}

}
