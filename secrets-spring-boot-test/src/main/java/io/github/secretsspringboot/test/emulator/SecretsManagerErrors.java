package io.github.secretsspringboot.test.emulator;

/**
 * Factory for the errors Secrets Manager returns, with the error codes and HTTP statuses
 * of the AWS API reference ("Common Errors" and each operation's "Errors" section).
 */
public final class SecretsManagerErrors {

	private SecretsManagerErrors() {
	}

	public static EmulatorServiceException resourceNotFound(String message) {
		return new EmulatorServiceException("ResourceNotFoundException", 400, message);
	}

	public static EmulatorServiceException secretNotFound() {
		return resourceNotFound("Secrets Manager can't find the specified secret.");
	}

	public static EmulatorServiceException invalidRequest(String message) {
		return new EmulatorServiceException("InvalidRequestException", 400, message);
	}

	public static EmulatorServiceException invalidParameter(String message) {
		return new EmulatorServiceException("InvalidParameterException", 400, message);
	}

	public static EmulatorServiceException resourceExists(String message) {
		return new EmulatorServiceException("ResourceExistsException", 400, message);
	}

	public static EmulatorServiceException accessDenied(String message) {
		return new EmulatorServiceException("AccessDeniedException", 400, message);
	}

	public static EmulatorServiceException decryptionFailure(String message) {
		return new EmulatorServiceException("DecryptionFailure", 400, message);
	}

	public static EmulatorServiceException limitExceeded(String message) {
		return new EmulatorServiceException("LimitExceededException", 400, message);
	}

	public static EmulatorServiceException throttling() {
		return new EmulatorServiceException("ThrottlingException", 400, "Rate exceeded");
	}

	public static EmulatorServiceException internalServiceError() {
		return new EmulatorServiceException("InternalServiceError", 500, "An error occurred on the server side.");
	}

	public static EmulatorServiceException invalidNextToken() {
		return new EmulatorServiceException("InvalidNextTokenException", 400, "The NextToken value is invalid.");
	}

	/**
	 * Constraint violations of the request shape (lengths, patterns, ranges, required
	 * members).
	 */
	public static EmulatorServiceException validation(String message) {
		return new EmulatorServiceException("ValidationException", 400, message);
	}

	public static EmulatorServiceException serialization(String message) {
		return new EmulatorServiceException("SerializationException", 400, message);
	}

	public static EmulatorServiceException unknownOperation(String target) {
		return new EmulatorServiceException("UnknownOperationException", 400,
				"The operation '" + target + "' is not supported.");
	}

	public static EmulatorServiceException missingAuthenticationToken() {
		return new EmulatorServiceException("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
	}

	public static EmulatorServiceException incompleteSignature(String message) {
		return new EmulatorServiceException("IncompleteSignatureException", 400, message);
	}

}
