package io.github.secretsspringboot.refresh;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/**
 * What the last DescribeSecret said about a secret: its rotation and which versions carry
 * which staging labels. Kept so that health checks need no request of their own.
 *
 * @param arn the secret's ARN
 * @param name the secret's name
 * @param rotationEnabled whether rotation is on, or {@code null} when it was never
 * configured
 * @param rotationRules the rotation schedule, or {@code null}
 * @param lastRotatedDate when the secret was last rotated, or {@code null}
 * @param nextRotationDate when it rotates next, or {@code null}
 * @param lastChangedDate when the secret last changed, or {@code null}
 * @param deletedDate when it is to be deleted, or {@code null} when it is not scheduled
 * for deletion
 * @param versionIdsToStages the staging labels of each version that has any
 * @param describedAt when the description was fetched
 * @param pendingSince when this application first saw {@link #pendingVersionId() the
 * pending version} carry {@code AWSPENDING}, by this description or an earlier one;
 * {@code null} when no version other than the current one is pending
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public record SecretDescription(String arn, String name, @Nullable Boolean rotationEnabled,
		@Nullable RotationRules rotationRules, @Nullable Instant lastRotatedDate, @Nullable Instant nextRotationDate,
		@Nullable Instant lastChangedDate, @Nullable Instant deletedDate, Map<String, List<String>> versionIdsToStages,
		Instant describedAt, @Nullable Instant pendingSince) {

	static final String AWSCURRENT = "AWSCURRENT";

	static final String AWSPENDING = "AWSPENDING";

	public SecretDescription {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		versionIdsToStages.forEach((versionId, stages) -> copy.put(versionId, List.copyOf(stages)));
		versionIdsToStages = java.util.Collections.unmodifiableMap(copy);
	}

	static SecretDescription of(DescribeSecretResponse response, Instant describedAt) {
		RotationRules rules = (response.rotationRules() != null)
				? new RotationRules(response.rotationRules().automaticallyAfterDays(),
						response.rotationRules().duration(), response.rotationRules().scheduleExpression())
				: null;
		SecretDescription description = new SecretDescription(response.arn(), response.name(),
				response.rotationEnabled(), rules, response.lastRotatedDate(), response.nextRotationDate(),
				response.lastChangedDate(), response.deletedDate(), response.versionIdsToStages(), describedAt, null);
		return (description.pendingVersionId() != null) ? description.withPendingSince(describedAt) : description;
	}

	/**
	 * This description, with the time the pending version was first seen carried over
	 * from {@code previous} when that saw the same version pending.
	 */
	SecretDescription following(@Nullable SecretDescription previous) {
		String pending = pendingVersionId();
		if (pending == null || previous == null || previous.pendingSince() == null
				|| !pending.equals(previous.pendingVersionId())) {
			return this;
		}
		return withPendingSince(previous.pendingSince());
	}

	private SecretDescription withPendingSince(Instant since) {
		return new SecretDescription(this.arn, this.name, this.rotationEnabled, this.rotationRules,
				this.lastRotatedDate, this.nextRotationDate, this.lastChangedDate, this.deletedDate,
				this.versionIdsToStages, this.describedAt, since);
	}

	/**
	 * The version that carries {@code AWSPENDING} while another carries
	 * {@code AWSCURRENT}: a rotation in progress or one that stopped before it finished.
	 * {@code null} when there is none.
	 */
	public @Nullable String pendingVersionId() {
		String pending = versionWithStage(AWSPENDING);
		return (pending != null && !pending.equals(versionWithStage(AWSCURRENT))) ? pending : null;
	}

	/** The version that carries {@code stage}, or {@code null} when none does. */
	public @Nullable String versionWithStage(String stage) {
		for (Map.Entry<String, List<String>> entry : this.versionIdsToStages.entrySet()) {
			if (entry.getValue().contains(stage)) {
				return entry.getKey();
			}
		}
		return null;
	}

	/** The staging labels of {@code versionId}, empty when it has none. */
	public List<String> stagesOf(String versionId) {
		return this.versionIdsToStages.getOrDefault(versionId, List.of());
	}

	/**
	 * A rotation schedule.
	 *
	 * @param automaticallyAfterDays days between rotations, or {@code null}
	 * @param duration the rotation window, such as {@code 3h}, or {@code null}
	 * @param scheduleExpression a {@code rate()} or {@code cron()} expression, or
	 * {@code null}
	 */
	public record RotationRules(@Nullable Long automaticallyAfterDays, @Nullable String duration,
			@Nullable String scheduleExpression) {

	}

}
