package io.github.secretsspringboot.actuate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.secretsspringboot.actuate.SecretsInventory.RotationStatus;
import io.github.secretsspringboot.actuate.SecretsInventory.SecretStatus;
import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.events.SecretEventSource;
import io.github.secretsspringboot.refresh.SecretDescription.RotationRules;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code secrets} health contributor: is the application running on current
 * credentials, and are its secrets' rotations working? Built from memory alone (the
 * refresher's last checks and the startup load), so a health request never calls AWS and
 * never waits on it.
 * <ul>
 * <li>{@code DOWN} when a required secret never loaded (possible only with
 * {@code spring.config.on-not-found=ignore});</li>
 * <li>the degraded status ({@code aws.secrets.health.degraded-status}, {@code DEGRADED}
 * by default, HTTP 200 unless mapped otherwise) when a secret is stale, an optional
 * secret exists but failed to load, or a rotation is stuck or overdue;</li>
 * <li>the degraded status too when Secrets Manager's events cannot be received (the
 * periodic check goes on), never {@code DOWN};</li>
 * <li>{@code UP} otherwise.</li>
 * </ul>
 * Details name secrets, version ids, labels, times and kinds of error, never a value or
 * an exception's message.
 *
 * @author secrets-spring-boot
 */
final class SecretsHealthIndicator implements HealthIndicator {

	private final SecretsInventory inventory;

	private final Status degraded;

	private final @Nullable SecretEventSource eventSource;

	SecretsHealthIndicator(SecretsInventory inventory, String degradedStatus) {
		this(inventory, degradedStatus, null);
	}

	SecretsHealthIndicator(SecretsInventory inventory, String degradedStatus, @Nullable SecretEventSource eventSource) {
		this.inventory = inventory;
		this.degraded = new Status(degradedStatus);
		this.eventSource = eventSource;
	}

	@Override
	// The imports map counts every secret of the list.
	@SuppressWarnings("NullAway")
	public Health health() {
		List<SecretStatus> secrets = this.inventory.secrets();
		Status status = Status.UP;
		Map<String, Object> details = new LinkedHashMap<>();
		Map<String, Integer> imports = new HashMap<>();
		secrets.forEach((secret) -> imports.merge(secret.secretId(), 1, Integer::sum));
		for (SecretStatus secret : secrets) {
			// A secret imported more than once is listed once per import.
			String key = (imports.get(secret.secretId()) > 1) ? secret.source() : secret.secretId();
			details.put(key, describe(secret));
			Status own = statusOf(secret);
			if (own == Status.DOWN || (own == this.degraded && status == Status.UP)) {
				status = own;
			}
		}
		if (this.eventSource != null && this.eventSource.state() == SecretEventSource.State.FAILING
				&& status == Status.UP) {
			// The periodic check goes on: secrets are late at worst, never lost.
			status = this.degraded;
		}
		Health.Builder health = Health.status(status);
		if (this.eventSource != null) {
			health.withDetail("events", SecretEventsDescription.describe(this.eventSource));
		}
		if (this.inventory.maxStaleness() != null) {
			health.withDetail("maxStaleness", this.inventory.maxStaleness().toString());
		}
		return health.withDetail("secrets", details).build();
	}

	private Status statusOf(SecretStatus secret) {
		if (secret.state() == SecretState.NOT_LOADED) {
			if (!secret.isOptional()) {
				return Status.DOWN;
			}
			// An optional secret that does not exist is absent by design; one that exists
			// but
			// could not be read leaves the application on fallback values.
			return (secret.notLoadedReason() == SecretErrorKind.NOT_FOUND) ? Status.UP : this.degraded;
		}
		if (secret.state() == SecretState.STALE || secret.rotation().isProblem()) {
			return this.degraded;
		}
		return Status.UP;
	}

	// A secret that is not loaded has a reason.
	@SuppressWarnings("NullAway")
	private static Map<String, Object> describe(SecretStatus secret) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("state", secret.state().name());
		if (secret.state() == SecretState.NOT_LOADED) {
			details.put("optional", secret.isOptional());
			details.put("reason", secret.notLoadedReason().name());
			return details;
		}
		put(details, "versionId", secret.versionId());
		put(details, "versionStage", secret.versionStage());
		details.put("versionStages", secret.versionStages());
		put(details, "lastSuccessfulCheck", secret.lastSuccessfulCheck());
		put(details, "lastChange", secret.lastChange());
		put(details, "staleness", secret.staleness());
		if (secret.consecutiveFailures() > 0) {
			details.put("consecutiveFailures", secret.consecutiveFailures());
		}
		put(details, "lastError", (secret.lastError() != null) ? secret.lastError().name() : null);
		put(details, "lastFailure", secret.lastFailure());
		if (secret.state() != SecretState.PINNED && secret.state() != SecretState.NOT_REFRESHED) {
			details.put("rotation", rotation(secret.rotation()));
		}
		return details;
	}

	static Map<String, Object> rotation(RotationStatus rotation) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("state", rotation.state().name());
		put(details, "enabled", rotation.enabled());
		RotationRules rules = rotation.rules();
		if (rules != null) {
			Map<String, Object> ruleDetails = new LinkedHashMap<>();
			put(ruleDetails, "automaticallyAfterDays", rules.automaticallyAfterDays());
			put(ruleDetails, "duration", rules.duration());
			put(ruleDetails, "scheduleExpression", rules.scheduleExpression());
			details.put("rules", ruleDetails);
		}
		put(details, "lastRotated", rotation.lastRotatedDate());
		put(details, "nextRotation", rotation.nextRotationDate());
		put(details, "pendingVersionId", rotation.pendingVersionId());
		put(details, "pendingSince", rotation.pendingSince());
		put(details, "describedAt", rotation.describedAt());
		return details;
	}

	/** Puts a value that is not {@code null}, times as ISO-8601 text. */
	static void put(Map<String, Object> details, String name, @Nullable Object value) {
		if (value instanceof Instant instant) {
			details.put(name, instant.truncatedTo(ChronoUnit.MILLIS).toString());
		}
		else if (value instanceof Duration duration) {
			details.put(name, duration.truncatedTo(ChronoUnit.SECONDS).toString());
		}
		else if (value != null) {
			details.put(name, value);
		}
	}

}
