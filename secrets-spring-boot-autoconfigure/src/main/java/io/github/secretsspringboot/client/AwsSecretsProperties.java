package io.github.secretsspringboot.client;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the Secrets Manager client and of {@code aws-secret:} imports.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@ConfigurationProperties(AwsSecretsProperties.PREFIX)
public class AwsSecretsProperties {

	public static final String PREFIX = "aws.secrets";

	/**
	 * Time allowed for one API call of a running application's checks when
	 * {@link #getApiCallTimeout()} is not set: a request that hangs must not keep a
	 * secret from being checked for long.
	 */
	private static final Duration DEFAULT_REFRESH_API_CALL_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Whether aws-secret: imports load secrets. When false, every import is a no-op.
	 */
	private boolean enabled = true;

	/**
	 * Region of the Secrets Manager endpoint. Defaults to the SDK's region provider chain
	 * (aws.region system property, AWS_REGION, profile, instance metadata).
	 */
	private @Nullable String region;

	/**
	 * Endpoint of Secrets Manager, for example a VPC endpoint or a local emulator.
	 * Defaults to the SDK's resolution, which honours AWS_ENDPOINT_URL_SECRETS_MANAGER.
	 */
	private @Nullable URI endpoint;

	/**
	 * Whether to use a FIPS endpoint. Defaults to the SDK's resolution.
	 */
	private @Nullable Boolean fipsEnabled;

	/**
	 * Whether to use a dual-stack (IPv4 and IPv6) endpoint. Defaults to the SDK's
	 * resolution.
	 */
	private @Nullable Boolean dualstackEnabled;

	/**
	 * Time allowed for one API call, retries included. Defaults to no limit beyond the
	 * HTTP client's timeouts while the imports load at startup (startup-timeout bounds
	 * the loading), and to 30 seconds for the checks of a running application.
	 */
	private @Nullable Duration apiCallTimeout;

	/**
	 * Time allowed for loading the imported secrets at startup, retries of throttled and
	 * failed requests included, before the application fails to start.
	 */
	private Duration startupTimeout = Duration.ofSeconds(30);

	private final Credentials credentials = new Credentials();

	private final Retry retry = new Retry();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getRegion() {
		return this.region;
	}

	public void setRegion(@Nullable String region) {
		this.region = region;
	}

	public @Nullable URI getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(@Nullable URI endpoint) {
		this.endpoint = endpoint;
	}

	public @Nullable Boolean getFipsEnabled() {
		return this.fipsEnabled;
	}

	public void setFipsEnabled(@Nullable Boolean fipsEnabled) {
		this.fipsEnabled = fipsEnabled;
	}

	public @Nullable Boolean getDualstackEnabled() {
		return this.dualstackEnabled;
	}

	public void setDualstackEnabled(@Nullable Boolean dualstackEnabled) {
		this.dualstackEnabled = dualstackEnabled;
	}

	public @Nullable Duration getApiCallTimeout() {
		return this.apiCallTimeout;
	}

	public void setApiCallTimeout(@Nullable Duration apiCallTimeout) {
		this.apiCallTimeout = apiCallTimeout;
	}

	/**
	 * The time allowed for one API call of a running application's checks (refresh,
	 * forced refresh): {@link #getApiCallTimeout()}, or 30 seconds when it is not set.
	 * @return the time allowed for one API call of a check
	 */
	public Duration determineRefreshApiCallTimeout() {
		return (this.apiCallTimeout != null) ? this.apiCallTimeout : DEFAULT_REFRESH_API_CALL_TIMEOUT;
	}

	public Duration getStartupTimeout() {
		return this.startupTimeout;
	}

	public void setStartupTimeout(Duration startupTimeout) {
		this.startupTimeout = startupTimeout;
	}

	public Credentials getCredentials() {
		return this.credentials;
	}

	public Retry getRetry() {
		return this.retry;
	}

	/**
	 * Where the client's credentials come from.
	 */
	public static class Credentials {

		/**
		 * Named profile of the shared AWS config and credentials files. Defaults to the
		 * SDK's default credentials provider chain.
		 */
		private @Nullable String profile;

		private final Sts sts = new Sts();

		public @Nullable String getProfile() {
			return this.profile;
		}

		public void setProfile(@Nullable String profile) {
			this.profile = profile;
		}

		public Sts getSts() {
			return this.sts;
		}

	}

	/**
	 * Assuming a role, for example to read secrets of another account.
	 */
	public static class Sts {

		/**
		 * ARN of the role to assume with the base credentials. Requires
		 * software.amazon.awssdk:sts on the classpath.
		 */
		private @Nullable String roleArn;

		/**
		 * Session name of the assumed role.
		 */
		private String sessionName = "secrets-spring-boot";

		public @Nullable String getRoleArn() {
			return this.roleArn;
		}

		public void setRoleArn(@Nullable String roleArn) {
			this.roleArn = roleArn;
		}

		public String getSessionName() {
			return this.sessionName;
		}

		public void setSessionName(String sessionName) {
			this.sessionName = sessionName;
		}

	}

	/**
	 * Retries of the SDK's standard retry strategy.
	 */
	public static class Retry {

		/**
		 * Maximum attempts of one API call, the first one included.
		 */
		private int maxAttempts = 3;

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

	}

}
