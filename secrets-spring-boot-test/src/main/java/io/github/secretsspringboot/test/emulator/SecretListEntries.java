package io.github.secretsspringboot.test.emulator;

import java.time.Instant;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a secret as a {@code SecretListEntry} of ListSecrets: metadata only, never a
 * value. Members without a value are left out, as Secrets Manager does, except
 * {@code Tags}, which Secrets Manager lists as an empty array.
 */
final class SecretListEntries {

	private SecretListEntries() {
	}

	static void write(ObjectNode target, StoredSecret secret) {
		target.put("ARN", secret.arn());
		target.put("Name", secret.name());
		putIfPresent(target, "Description", secret.description());
		putIfPresent(target, "KmsKeyId", secret.kmsKeyId());
		// The same rotation members as DescribeSecret, whose reference is the more precise.
		SecretDescriptions.writeRotation(target, secret);
		putDate(target, "LastChangedDate", secret.lastChangedDate());
		putDate(target, "LastAccessedDate", secret.lastAccessedDate());
		putDate(target, "DeletedDate", secret.deletedDate());
		ArrayNode tags = target.putArray("Tags");
		secret.tags().forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
		ObjectNode versionsToStages = target.putObject("SecretVersionsToStages");
		for (SecretVersion version : secret.labelledVersions()) {
			ArrayNode stages = versionsToStages.putArray(version.versionId());
			version.stages().forEach(stages::add);
		}
		putDate(target, "CreatedDate", secret.createdDate());
		// SecretListEntry documents PrimaryRegion as DescribeSecret does: the region in the ARN.
		target.put("PrimaryRegion", secret.arn().split(":", 6)[3]);
	}

	/** An empty description or key (CreateSecret takes both) is left out, as DescribeSecret does. */
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
