package io.github.secretsspringboot.refresh;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Configuration of the refresh of imported secrets.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@ConfigurationProperties(SecretsRefreshProperties.PREFIX)
public class SecretsRefreshProperties {

	public static final String PREFIX = "aws.secrets.refresh";

	/**
	 * Whether imported secrets are checked for new versions while the application runs.
	 */
	private boolean enabled = true;

	/**
	 * Time between two checks of the imported secrets.
	 */
	private Duration interval = Duration.ofMinutes(5);

	/**
	 * Share of each wait, at least 0 and less than 1, by which it is randomly lengthened
	 * or shortened, so that instances started together do not call Secrets Manager
	 * together.
	 */
	private double jitter = 0.1;

	/**
	 * How to check for new versions: 'describe' calls DescribeSecret for each secret and
	 * GetSecretValue only for one that changed; 'batch' calls BatchGetSecretValue for up
	 * to 20 secrets at a time.
	 */
	private Mode mode = Mode.DESCRIBE;

	/**
	 * Longest wait between two checks of a secret that keeps failing. The wait doubles
	 * with each failure, from the interval up to this; it is never shorter than the
	 * interval.
	 */
	private Duration maxBackoff = Duration.ofMinutes(30);

	/**
	 * Shortest time between two forced refreshes of the same secret (a database's
	 * rejected login, POST /actuator/secrets, the application's own calls). One requested
	 * sooner gets the result of the previous one. A refresh of the whole configuration
	 * (POST /actuator/refresh, Spring Cloud Bus, Kubernetes config reloads) is not
	 * spaced: it reads every secret after it was asked, once.
	 */
	private Duration forcedRefreshMinSpacing = Duration.ofSeconds(10);

	/**
	 * Whether a change also refreshes @RefreshScope beans. Requires Spring Cloud Context.
	 */
	private boolean refreshScope = false;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		Assert.isTrue(interval != null && !interval.isNegative() && !interval.isZero(), "interval must be positive");
		this.interval = interval;
	}

	public double getJitter() {
		return this.jitter;
	}

	public void setJitter(double jitter) {
		Assert.isTrue(jitter >= 0.0 && jitter < 1.0, "jitter must be at least 0 and less than 1");
		this.jitter = jitter;
	}

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		Assert.isTrue(maxBackoff != null && !maxBackoff.isNegative() && !maxBackoff.isZero(),
				"max-backoff must be positive");
		this.maxBackoff = maxBackoff;
	}

	public Duration getForcedRefreshMinSpacing() {
		return this.forcedRefreshMinSpacing;
	}

	public void setForcedRefreshMinSpacing(Duration forcedRefreshMinSpacing) {
		Assert.isTrue(forcedRefreshMinSpacing != null && !forcedRefreshMinSpacing.isNegative(),
				"forced-refresh-min-spacing must not be negative");
		this.forcedRefreshMinSpacing = forcedRefreshMinSpacing;
	}

	public boolean isRefreshScope() {
		return this.refreshScope;
	}

	public void setRefreshScope(boolean refreshScope) {
		this.refreshScope = refreshScope;
	}

	/**
	 * How the refresher learns of new versions.
	 */
	public enum Mode {

		/**
		 * DescribeSecret per secret, then GetSecretValue for a secret whose staged
		 * version changed. Shares the high DescribeSecret/GetSecretValue request quota
		 * and keeps rotation details for health checks.
		 */
		DESCRIBE,

		/**
		 * BatchGetSecretValue for up to 20 secrets per request, values included. Fewer
		 * requests, but a far lower request quota, and only for imports of AWSCURRENT.
		 */
		BATCH

	}

}
