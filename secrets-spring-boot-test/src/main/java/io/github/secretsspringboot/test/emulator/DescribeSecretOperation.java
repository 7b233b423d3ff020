package io.github.secretsspringboot.test.emulator;

import java.time.Instant;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DescribeSecret: the metadata of a secret, never its value, with only the members that have
 * a value. Rotation members follow the API reference: {@code RotationEnabled} is omitted for
 * a secret never configured for rotation, {@code RotationLambdaARN} and
 * {@code RotationRules} remain after rotation is turned off, and {@code NextRotationDate}
 * and {@code LastRotatedDate} are reported only while it is on.
 */
final class DescribeSecretOperation implements Operation {

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		StoredSecret secret = context.secret(request.secretId());
		ObjectNode response = context.newObject();
		response.put("ARN", secret.arn());
		response.put("Name", secret.name());
		putIfPresent(response, "Description", secret.description());
		putIfPresent(response, "KmsKeyId", secret.kmsKeyId());
		if (secret.rotationEnabled() || secret.rotationLambdaArn() != null) {
			response.put("RotationEnabled", secret.rotationEnabled());
		}
		putIfPresent(response, "RotationLambdaARN", secret.rotationLambdaArn());
		StoredSecret.RotationRules rules = secret.rotationRules();
		if (rules != null) {
			ObjectNode rulesNode = response.putObject("RotationRules");
			if (rules.automaticallyAfterDays() != null) {
				rulesNode.put("AutomaticallyAfterDays", rules.automaticallyAfterDays());
			}
			putIfPresent(rulesNode, "Duration", rules.duration());
			putIfPresent(rulesNode, "ScheduleExpression", rules.scheduleExpression());
		}
		if (secret.rotationEnabled()) {
			putIfPresent(response, "LastRotatedDate", secret.lastRotatedDate());
			putIfPresent(response, "NextRotationDate", secret.nextRotationDate());
		}
		putIfPresent(response, "LastChangedDate", secret.lastChangedDate());
		putIfPresent(response, "LastAccessedDate", secret.lastAccessedDate());
		putIfPresent(response, "DeletedDate", secret.deletedDate());
		Tags.write(response, secret);
		ObjectNode versions = response.putObject("VersionIdsToStages");
		for (SecretVersion version : secret.labelledVersions()) {
			ArrayNode stages = versions.putArray(version.versionId());
			version.stages().forEach(stages::add);
		}
		response.put("CreatedDate", OperationContext.timestamp(secret.createdDate()));
		return response;
	}

	private static void putIfPresent(ObjectNode target, String member, String value) {
		if (value != null) {
			target.put(member, value);
		}
	}

	private static void putIfPresent(ObjectNode target, String member, Instant value) {
		if (value != null) {
			target.put(member, OperationContext.timestamp(value));
		}
	}

}
