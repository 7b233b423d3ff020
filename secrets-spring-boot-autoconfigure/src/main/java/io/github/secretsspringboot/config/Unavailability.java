package io.github.secretsspringboot.config;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.github.secretsspringboot.client.AwsSecretsProperties;
import io.github.secretsspringboot.core.SecretErrorKind;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * Why Secrets Manager could not serve a secret within the startup budget, told from the
 * last failure, so that a failure analysis points at what to look at: the account's
 * quotas for throttling, the AWS side for server errors, the network for timeouts and
 * failed connections.
 *
 * @author secrets-spring-boot
 */
enum Unavailability {

	/** Requests were throttled: a quota of the account and Region is exhausted. */
	THROTTLED,

	/** Secrets Manager answered with server errors (HTTP 5xx). */
	SERVER_ERROR,

	/** No answer came in time. */
	TIMED_OUT,

	/**
	 * No connection: refused, reset, closed without an answer, or a host that does not
	 * resolve.
	 */
	CONNECTION_FAILED,

	/** Anything else worth retrying. */
	OTHER;

	static Unavailability of(Throwable failure) {
		if (failure instanceof StartupBudgetSpentException spent) {
			return spent.getAttempts();
		}
		if (failure instanceof AwsServiceException service) {
			return ofService(service);
		}
		if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException
				|| failure instanceof TimeoutException) {
			return TIMED_OUT;
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException) {
				return TIMED_OUT;
			}
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException) {
				return CONNECTION_FAILED;
			}
		}
		return OTHER;
	}

	private static Unavailability ofService(AwsServiceException service) {
		if (SecretErrorKind.of(service) == SecretErrorKind.THROTTLED) {
			return THROTTLED;
		}
		if (service.statusCode() >= 500) {
			return SERVER_ERROR;
		}
		// A transient error named in BatchGetSecretValue's Errors carries no status of
		// its own.
		String errorCode = (service.awsErrorDetails() != null) ? service.awsErrorDetails().errorCode() : null;
		if (errorCode == null) {
			return OTHER;
		}
		return switch (errorCode) {
			case "InternalServiceError", "InternalFailure", "ServiceUnavailable" -> SERVER_ERROR;
			case "RequestTimeout" -> TIMED_OUT;
			default -> OTHER;
		};
	}

	/** What happened, to follow "could not be loaded within {budget}: ". */
	String describe(AwsSecretsProperties properties) {
		return switch (this) {
			case THROTTLED ->
				"Secrets Manager throttled the requests (ThrottlingException) until the startup " + "budget was spent";
			case SERVER_ERROR ->
				"Secrets Manager answered with server errors (HTTP 5xx) until the startup budget " + "was spent";
			case TIMED_OUT -> "requests to Secrets Manager timed out, none answered within "
					+ callLimit(properties.getApiCallTimeout());
			case CONNECTION_FAILED -> "no connection to the Secrets Manager endpoint"
					+ ((properties.getEndpoint() != null) ? " " + properties.getEndpoint() : "") + " succeeded";
			case OTHER -> "Secrets Manager was throttling, failing or unreachable";
		};
	}

	/** What to do about it. */
	String action() {
		return switch (this) {
			case THROTTLED -> "The request quotas of Secrets Manager are per account and Region, shared by every "
					+ "application and instance of the account: stagger the start of many instances, find the other "
					+ "callers (CloudTrail), or allow more time with aws.secrets.startup-timeout.";
			case SERVER_ERROR -> "Server errors come from the Secrets Manager side (or from a proxy in front of "
					+ "aws.secrets.endpoint): check the AWS Health Dashboard for the Region, and allow more time with "
					+ "aws.secrets.startup-timeout to ride out short incidents.";
			case TIMED_OUT -> "Check network access to the Secrets Manager endpoint (a proxy or firewall that "
					+ "drops packets, a VPC endpoint without a route), raise aws.secrets.api-call-timeout if answers "
					+ "are only slow, or allow more time with aws.secrets.startup-timeout.";
			case CONNECTION_FAILED -> "Check network access to the Secrets Manager endpoint: that "
					+ "aws.secrets.endpoint (or AWS_ENDPOINT_URL_SECRETS_MANAGER) and aws.secrets.region name the "
					+ "right one, and that security groups, a VPC endpoint or a proxy let the application reach it.";
			case OTHER -> "Check network access to the Secrets Manager endpoint (VPC endpoint, proxy, "
					+ "aws.secrets.endpoint) and the account's request quotas, or allow more time with "
					+ "aws.secrets.startup-timeout.";
		};
	}

	private static String callLimit(@Nullable Duration apiCallTimeout) {
		return (apiCallTimeout != null) ? "aws.secrets.api-call-timeout (" + apiCallTimeout + ")"
				: "the startup budget";
	}

}
