package io.github.secretsspringboot.config;

import io.github.secretsspringboot.client.AwsSecretsProperties;
import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretImportException;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The import failures that start-up finds (access, decryption, deletion, availability,
 * settings written where the import cannot see them), each with a description and an
 * action that name the secret and never a value.
 *
 * @author secrets-spring-boot
 */
final class ImportFailures {

	private ImportFailures() {
	}

	static SecretImportException settingReadTooLate(String location, String property, @Nullable String file,
			@Nullable String profile) {
		return new SecretImportException(location, SecretErrorKind.INVALID_IMPORT,
				"'" + property + "' is set in " + file + ", which Spring Boot reads after the import '" + location
						+ "' is loaded: the import would not use it.",
				"Set '" + property + "' where the import sees it: in a document of the file that declares the import, "
						+ "activated with 'spring.config.activate.on-profile: " + profile
						+ "', or as an environment variable or command-line argument. Or declare the import in " + file
						+ " instead.",
				null);
	}

	static SecretImportException settingNotSeen(String location, String property, String source) {
		return new SecretImportException(location, SecretErrorKind.INVALID_IMPORT,
				"'" + property + "' is set in " + source + ", which Spring Boot reads after the import '" + location
						+ "' is loaded: the import was loaded without it.",
				"Set '" + property + "' where the import sees it: in the file that declares the import (in a document "
						+ "activated with 'spring.config.activate.on-profile' for a profile), or as an environment "
						+ "variable or command-line argument. Or declare the import in the file that sets it instead.",
				null);
	}

	static SecretImportException accessDenied(String secretId, String operation, Throwable cause) {
		return new SecretImportException(secretId, SecretErrorKind.ACCESS_DENIED,
				"Access to secret '" + secretId + "' was denied by AWS (" + operation + ").",
				"Allow the application's IAM principal secretsmanager:GetSecretValue (and "
						+ "secretsmanager:DescribeSecret for refresh) on this secret, secretsmanager:BatchGetSecretValue "
						+ "on resource \"*\" (it cannot be limited to secrets), and kms:Decrypt on the secret's KMS key if "
						+ "it uses a customer managed key. For a secret of another account, its resource policy must "
						+ "allow the principal too.",
				cause);
	}

	static SecretImportException decryptionFailure(String secretId, Throwable cause) {
		return new SecretImportException(secretId, SecretErrorKind.DECRYPTION_FAILURE,
				"Secrets Manager could not decrypt secret '" + secretId + "' with its KMS key: " + causeMessage(cause),
				"Check that the secret's KMS key is enabled and that the application's IAM principal has "
						+ "kms:Decrypt on it (the key policy must allow it too, for a key of another account).",
				cause);
	}

	static SecretImportException scheduledForDeletion(String secretId, Throwable cause) {
		return new SecretImportException(secretId, SecretErrorKind.SCHEDULED_FOR_DELETION,
				"Secret '" + secretId + "' is scheduled for deletion and cannot be read.",
				"Restore it with 'aws secretsmanager restore-secret --secret-id " + secretId
						+ "', import another secret, or mark the import 'optional:'.",
				cause);
	}

	static SecretImportException unavailable(String secretId, AwsSecretsProperties properties, Throwable cause) {
		Unavailability unavailability = Unavailability.of(cause);
		return new SecretImportException(secretId, SecretErrorKind.UNAVAILABLE,
				"Secret '" + secretId + "' could not be loaded within " + properties.getStartupTimeout() + ": "
						+ unavailability.describe(properties) + " (" + causeMessage(cause) + ").",
				unavailability.action(), cause);
	}

	static SecretImportException requestFailed(String secretId, Throwable cause) {
		return new SecretImportException(secretId, SecretErrorKind.OTHER,
				"Secret '" + secretId + "' could not be loaded: " + causeMessage(cause),
				"Check the secret id and the options of the import.", cause);
	}

	static SecretImportException clientNotBuilt(String secretId, AwsSecretsProperties properties, Throwable cause) {
		String action = StringUtils.hasText(properties.getRegion())
				? "Check the aws.secrets.* settings of the client (endpoint, credentials)."
				: "Set aws.secrets.region to the region of the secret (or the AWS_REGION environment variable, "
						+ "or a region in the AWS config file).";
		return new SecretImportException(secretId, SecretErrorKind.OTHER, "Secret '" + secretId
				+ "' could not be loaded: the Secrets Manager client could not be built: " + causeMessage(cause),
				action, cause);
	}

	/** The SDK's message for an AWS error names the error, never the secret value. */
	private static String causeMessage(Throwable cause) {
		return (cause != null) ? String.valueOf(cause.getMessage()) : "no detail";
	}

}
