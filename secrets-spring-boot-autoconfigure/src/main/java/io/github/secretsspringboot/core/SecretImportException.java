package io.github.secretsspringboot.core;

import org.jspecify.annotations.Nullable;

/**
 * An {@code aws-secret:} import that cannot be honoured. Its message, description and
 * action name the secret and the cause, and never contain a secret value.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public class SecretImportException extends RuntimeException {

	private final String secretId;

	private final SecretErrorKind kind;

	private final String action;

	/**
	 * Creates an exception for an import that cannot be honoured.
	 * @param secretId the secret as named in the import, or the whole import
	 * @param kind why the import failed
	 * @param description what went wrong, naming the secret and never a value
	 * @param action what to do about it
	 * @param cause the failure behind it, if any
	 */
	public SecretImportException(String secretId, SecretErrorKind kind, String description, String action,
			@Nullable Throwable cause) {
		super(description, cause);
		this.secretId = secretId;
		this.kind = kind;
		this.action = action;
	}

	/** The secret as named in the import (the whole import for syntax errors). */
	public String getSecretId() {
		return this.secretId;
	}

	/**
	 * Why the import failed: {@link SecretErrorKind#UNAVAILABLE} for any transient
	 * failure that outlasted the startup budget, {@link SecretErrorKind#OTHER} for a
	 * request that failed otherwise or a client that could not be built.
	 * @return the kind of failure
	 * @since 0.1.0
	 */
	public SecretErrorKind getKind() {
		return this.kind;
	}

	/** What to do about it, for the failure analysis. */
	public String getAction() {
		return this.action;
	}

	static SecretImportException invalidImport(String location, String problem) {
		return new SecretImportException(location, SecretErrorKind.INVALID_IMPORT,
				"The import '" + location + "' is invalid: " + problem + ".",
				"Fix the import in spring.config.import. The form is aws-secret:<name or ARN>[?option=value&...] with "
						+ "options prefix, key, as, version-stage, version-id and format=datasource; separate several "
						+ "secrets with ';' and prefix each optional one with 'optional:'.",
				null);
	}

	static SecretImportException content(String secretId, String problem, String action) {
		return new SecretImportException(secretId, SecretErrorKind.INVALID_CONTENT,
				"Secret '" + secretId + "' cannot be imported as asked: " + problem + ".", action, null);
	}

	/** The SDK's message for an AWS error names the error, never the secret value. */
	private static String causeMessage(Throwable cause) {
		return (cause != null) ? String.valueOf(cause.getMessage()) : "no detail";
	}

}
