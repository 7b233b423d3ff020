package io.github.secretsspringboot.test.emulator;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The members {@link SecretDescriptions} writes for states that only rotation reaches
 * (RotateSecret and CancelRotateSecret set them), and for the member names the two
 * callers use.
 */
class SecretDescriptionsTests {

	private static final Instant CREATED = Instant.parse("2030-03-10T15:30:45.123Z");

	private final StoredSecret secret = new StoredSecret("app/db",
			"arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf", CREATED);

	@Test
	void secretNeverConfiguredForRotationHasNoRotationMembers() {
		ObjectNode described = describe("VersionIdsToStages");
		assertThat(described.has("RotationEnabled")).isFalse();
		assertThat(described.has("RotationLambdaARN")).isFalse();
		assertThat(described.has("RotationRules")).isFalse();
		assertThat(described.has("LastRotatedDate")).isFalse();
		assertThat(described.has("NextRotationDate")).isFalse();
		assertThat(described.get("PrimaryRegion").asString()).isEqualTo("eu-west-1");
		assertThat(described.get("CreatedDate").asDouble()).isEqualTo(CREATED.toEpochMilli() / 1000.0);
	}

	@Test
	void rotatingSecretHasItsWholeSchedule() {
		this.secret.rotationEnabled(true);
		this.secret.rotationLambdaArn("arn:aws:lambda:eu-west-1:123456789012:function:rotate");
		this.secret.rotationRules(new StoredSecret.RotationRules(30L, "3h", "rate(30 days)"));
		this.secret.lastRotatedDate(CREATED.plusSeconds(60));
		this.secret.nextRotationDate(CREATED.plusSeconds(120));
		ObjectNode described = describe("VersionIdsToStages");
		assertThat(described.get("RotationEnabled").asBoolean()).isTrue();
		assertThat(described.get("RotationLambdaARN").asString()).endsWith(":function:rotate");
		assertThat(described.get("RotationRules").get("AutomaticallyAfterDays").asLong()).isEqualTo(30);
		assertThat(described.get("RotationRules").get("Duration").asString()).isEqualTo("3h");
		assertThat(described.get("RotationRules").get("ScheduleExpression").asString()).isEqualTo("rate(30 days)");
		assertThat(described.get("LastRotatedDate").asDouble())
			.isEqualTo(CREATED.plusSeconds(60).toEpochMilli() / 1000.0);
		assertThat(described.get("NextRotationDate").asDouble())
			.isEqualTo(CREATED.plusSeconds(120).toEpochMilli() / 1000.0);
	}

	@Test
	void rotationTurnedOffKeepsTheScheduleButNoRotationDates() {
		this.secret.rotationLambdaArn("arn:aws:lambda:eu-west-1:123456789012:function:rotate");
		this.secret.rotationRules(new StoredSecret.RotationRules(null, null, "cron(0 12 * * ? *)"));
		this.secret.lastRotatedDate(CREATED.plusSeconds(60));
		this.secret.nextRotationDate(CREATED.plusSeconds(120));
		ObjectNode described = describe("VersionIdsToStages");
		assertThat(described.get("RotationEnabled").asBoolean()).isFalse();
		assertThat(described.get("RotationLambdaARN").asString()).endsWith(":function:rotate");
		assertThat(described.get("RotationRules").has("AutomaticallyAfterDays")).isFalse();
		assertThat(described.get("RotationRules").get("ScheduleExpression").asString()).isEqualTo("cron(0 12 * * ? *)");
		assertThat(described.has("LastRotatedDate")).isFalse();
		assertThat(described.has("NextRotationDate")).isFalse();
	}

	@Test
	void versionsMapHoldsLabelledVersionsUnderTheCallersMemberName() {
		SecretVersion current = new SecretVersion("11111111-1111-1111-1111-111111111111", "one", null, CREATED);
		SecretVersion deprecated = new SecretVersion("22222222-2222-2222-2222-222222222222", "two", null, CREATED);
		this.secret.addVersion(deprecated);
		this.secret.addVersion(current);
		this.secret.moveStage(StoredSecret.AWSCURRENT, current.versionId());
		ObjectNode listed = describe("SecretVersionsToStages");
		assertThat(listed.has("VersionIdsToStages")).isFalse();
		assertThat(listed.get("SecretVersionsToStages").propertyNames()).containsExactly(current.versionId());
		assertThat(listed.toString()).doesNotContain("\"one\"").doesNotContain("\"two\"");
	}

	@Test
	void emptyDescriptionAndDefaultKeyAreLeftOut() {
		this.secret.description("");
		this.secret.kmsKeyId(null);
		ObjectNode described = describe("VersionIdsToStages");
		assertThat(described.has("Description")).isFalse();
		assertThat(described.has("KmsKeyId")).isFalse();
		assertThat(described.has("VersionIdsToStages")).isFalse();
	}

	private ObjectNode describe(String versionsMember) {
		ObjectNode target = JsonNodeFactory.instance.objectNode();
		SecretDescriptions.write(target, this.secret, versionsMember);
		return target;
	}

}
