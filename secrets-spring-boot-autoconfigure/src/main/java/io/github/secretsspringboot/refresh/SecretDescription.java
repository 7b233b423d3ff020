package io.github.secretsspringboot.refresh;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/**
 * What the last DescribeSecret said about a secret: its rotation and which versions carry
 * which staging labels. Kept so that health checks need no request of their own.
 *
 * @param arn the secret's ARN
 * @param name the secret's name
 * @param rotationEnabled whether rotation is on, or {@code null} when it was never configured
 * @param rotationRules the rotation schedule, or {@code null}
 * @param lastRotatedDate when the secret was last rotated, or {@code null}
 * @param nextRotationDate when it rotates next, or {@code null}
 * @param lastChangedDate when the secret last changed, or {@code null}
 * @param deletedDate when it is to be deleted, or {@code null} when it is not scheduled for
 * deletion
 * @param versionIdsToStages the staging labels of each version that has any
 * @param describedAt when the description was fetched
 * @author secrets-spring-boot
 */
public record SecretDescription(String arn, String name, Boolean rotationEnabled, RotationRules rotationRules,
		Instant lastRotatedDate, Instant nextRotationDate, Instant lastChangedDate, Instant deletedDate,
		Map<String, List<String>> versionIdsToStages, Instant describedAt) {

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
		return new SecretDescription(response.arn(), response.name(), response.rotationEnabled(), rules,
				response.lastRotatedDate(), response.nextRotationDate(), response.lastChangedDate(),
				response.deletedDate(), response.versionIdsToStages(), describedAt);
	}

	/** The version that carries {@code stage}, or {@code null} when none does. */
	public String versionWithStage(String stage) {
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
	 * @param scheduleExpression a {@code rate()} or {@code cron()} expression, or {@code null}
	 */
	public record RotationRules(Long automaticallyAfterDays, String duration, String scheduleExpression) {

	}

}
