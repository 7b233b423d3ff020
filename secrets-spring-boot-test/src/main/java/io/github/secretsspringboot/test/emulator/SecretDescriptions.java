package io.github.secretsspringboot.test.emulator;

import java.time.Instant;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a secret's metadata, never its value: the response of DescribeSecret and the
 * {@code SecretListEntry} of ListSecrets, which share every member but the name of the
 * versions map. As in AWS, a member without a value is left out rather than written as
 * {@code null}.
 */
final class SecretDescriptions {

	private SecretDescriptions() {
	}

	/** The members of a DescribeSecret response. */
	static void describeSecret(ObjectNode target, StoredSecret secret) {
		write(target, secret, "VersionIdsToStages");
	}

	/**
	 * A {@code SecretListEntry} of ListSecrets. Secrets Manager lists {@code Tags} as an
	 * empty array; {@code SecretVersionsToStages} is written as an empty map too, which
	 * the SDKs read as they read an absent one.
	 */
	static void secretListEntry(ObjectNode target, StoredSecret secret) {
		write(target, secret, "SecretVersionsToStages");
		if (!target.has("Tags")) {
			target.putArray("Tags");
		}
		if (!target.has("SecretVersionsToStages")) {
			target.putObject("SecretVersionsToStages");
		}
	}

	/**
	 * Writes the description of {@code secret} into {@code target}.
	 * @param versionsMember {@code VersionIdsToStages} for DescribeSecret,
	 * {@code SecretVersionsToStages} for ListSecrets
	 */
	static void write(ObjectNode target, StoredSecret secret, String versionsMember) {
		OperationContext.named(target, secret.arn(), secret.name());
		putIfPresent(target, "Description", secret.description());
		// Secrets encrypted with the AWS managed key aws/secretsmanager report no
		// KmsKeyId.
		putIfPresent(target, "KmsKeyId", secret.kmsKeyId());
		writeRotation(target, secret);
		putDate(target, "LastChangedDate", secret.lastChangedDate());
		if (secret.lastAccessedDate() != null) {
			target.put("LastAccessedDate", OperationContext.timestamp(OperationContext.day(secret.lastAccessedDate())));
		}
		putDate(target, "DeletedDate", secret.deletedDate());
		Tags.write(target, secret);
		writeVersions(target, secret, versionsMember);
		putDate(target, "CreatedDate", secret.createdDate());
		target.put("PrimaryRegion", regionOf(secret));
	}

	/**
	 * Rotation members, as the DescribeSecret reference describes them.
	 * {@code RotationEnabled} is absent for a secret that was never configured for
	 * rotation; the function and rules stay visible after CancelRotateSecret turned
	 * rotation off, while {@code LastRotatedDate} and {@code NextRotationDate} are
	 * reported only while rotation is on ("If the secret isn't configured for rotation or
	 * rotation has been disabled, Secrets Manager returns null"). The SecretListEntry
	 * reference only says that {@code LastRotatedDate} is null for a secret that never
	 * rotated, in the older wording DescribeSecret had too; ListSecrets entries follow
	 * the more precise DescribeSecret text.
	 */
	private static void writeRotation(ObjectNode target, StoredSecret secret) {
		boolean configured = secret.rotationEnabled() || secret.rotationLambdaArn() != null
				|| secret.rotationRules() != null;
		if (configured) {
			target.put("RotationEnabled", secret.rotationEnabled());
		}
		putIfPresent(target, "RotationLambdaARN", secret.rotationLambdaArn());
		StoredSecret.RotationRules rules = secret.rotationRules();
		if (rules != null) {
			ObjectNode node = target.putObject("RotationRules");
			if (rules.automaticallyAfterDays() != null) {
				node.put("AutomaticallyAfterDays", rules.automaticallyAfterDays());
			}
			putIfPresent(node, "Duration", rules.duration());
			putIfPresent(node, "ScheduleExpression", rules.scheduleExpression());
		}
		if (secret.rotationEnabled()) {
			putDate(target, "LastRotatedDate", secret.lastRotatedDate());
			putDate(target, "NextRotationDate", secret.nextRotationDate());
		}
	}

	/** Deprecated versions (those without staging labels) are not part of the map. */
	private static void writeVersions(ObjectNode target, StoredSecret secret, String versionsMember) {
		if (secret.labelledVersions().isEmpty()) {
			return;
		}
		ObjectNode versions = target.putObject(versionsMember);
		for (SecretVersion version : secret.labelledVersions()) {
			ArrayNode stages = versions.putArray(version.versionId());
			version.stages().forEach(stages::add);
		}
	}

	/** The region is the fourth field of the secret's ARN. */
	private static String regionOf(StoredSecret secret) {
		return secret.arn().split(":", 6)[3];
	}

	private static void putIfPresent(ObjectNode target, String member, String value) {
		if (value != null && !value.isEmpty()) {
			target.put(member, value);
		}
	}

	private static void putDate(ObjectNode target, String member, Instant value) {
		if (value != null) {
			target.put(member, OperationContext.timestamp(value));
		}
	}

}
