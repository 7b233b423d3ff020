package io.github.secretsspringboot.actuate;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Configuration of the {@code secrets} health contributor and of the rotation states that
 * it and the {@code secrets} endpoint report.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@ConfigurationProperties(SecretsHealthProperties.PREFIX)
public class SecretsHealthProperties {

	public static final String PREFIX = "aws.secrets.health";

	/** The default of {@link #getDegradedStatus()}. */
	public static final String DEGRADED = "DEGRADED";

	/**
	 * Refresh intervals without a successful check after which a secret is stale when
	 * {@link #getMaxStaleness()} is not set.
	 */
	static final int DEFAULT_STALENESS_INTERVALS = 3;

	/**
	 * Longest time an imported secret may go without a successful check before it is
	 * reported stale and the health status becomes the degraded status. Defaults to three
	 * refresh intervals.
	 */
	private @Nullable Duration maxStaleness;

	/**
	 * Time after a secret's next rotation date (as its last DescribeSecret reported it)
	 * by which a rotation must have happened before it is reported overdue.
	 */
	private Duration rotationOverdueGrace = Duration.ofHours(1);

	/**
	 * Time AWSPENDING may stay on a version other than the AWSCURRENT one, counted from
	 * when this application first saw it there, before the rotation is reported stuck.
	 */
	private Duration stuckRotationThreshold = Duration.ofHours(1);

	/**
	 * Health status reported when a secret is stale, an optional secret failed to load or
	 * a rotation is stuck or overdue. HTTP 200 unless mapped otherwise with
	 * management.endpoint.health.status.http-mapping.
	 */
	private String degradedStatus = DEGRADED;

	public @Nullable Duration getMaxStaleness() {
		return this.maxStaleness;
	}

	public void setMaxStaleness(@Nullable Duration maxStaleness) {
		Assert.isTrue(maxStaleness == null || (!maxStaleness.isNegative() && !maxStaleness.isZero()),
				"max-staleness must be positive");
		this.maxStaleness = maxStaleness;
	}

	/**
	 * The longest time a secret refreshed every {@code refreshInterval} may go without a
	 * successful check: {@link #getMaxStaleness()}, or three refresh intervals when it is
	 * not set.
	 */
	Duration determineMaxStaleness(Duration refreshInterval) {
		return (this.maxStaleness != null) ? this.maxStaleness
				: refreshInterval.multipliedBy(DEFAULT_STALENESS_INTERVALS);
	}

	public Duration getRotationOverdueGrace() {
		return this.rotationOverdueGrace;
	}

	public void setRotationOverdueGrace(Duration rotationOverdueGrace) {
		Assert.isTrue(rotationOverdueGrace != null && !rotationOverdueGrace.isNegative(),
				"rotation-overdue-grace must not be negative");
		this.rotationOverdueGrace = rotationOverdueGrace;
	}

	public Duration getStuckRotationThreshold() {
		return this.stuckRotationThreshold;
	}

	public void setStuckRotationThreshold(Duration stuckRotationThreshold) {
		Assert.isTrue(stuckRotationThreshold != null && !stuckRotationThreshold.isNegative(),
				"stuck-rotation-threshold must not be negative");
		this.stuckRotationThreshold = stuckRotationThreshold;
	}

	public String getDegradedStatus() {
		return this.degradedStatus;
	}

	public void setDegradedStatus(String degradedStatus) {
		Assert.hasText(degradedStatus, "degraded-status must not be empty");
		this.degradedStatus = degradedStatus;
	}

}
