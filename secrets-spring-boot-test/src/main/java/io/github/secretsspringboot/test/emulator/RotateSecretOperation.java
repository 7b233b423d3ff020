package io.github.secretsspringboot.test.emulator;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import tools.jackson.databind.node.ObjectNode;

/**
 * RotateSecret: stores the rotation configuration, turns rotation on and starts a
 * rotation, as AWS does by invoking the rotation Lambda function. The rotation runs in
 * the background after the response: this operation only creates the version of the
 * rotation, without a value and labelled AWSPENDING, for the function's createSecret step
 * to fill.
 */
final class RotateSecretOperation implements Operation {

	private static final String SCHEDULE_EXPRESSION_PATTERN = "[0-9A-Za-z\\(\\)#\\?\\*\\-\\/, ]+";

	private static final Pattern SCHEDULE_EXPRESSION = Pattern.compile(SCHEDULE_EXPRESSION_PATTERN);

	private static final Pattern DURATION = Pattern.compile("[0-9h]+");

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		String secretId = request.secretId();
		String token = SecretValues.versionIdFor(request);
		String requestedArn = request.string("RotationLambdaARN", 0, 2048);
		StoredSecret.RotationRules requestedRules = rules(request.object("RotationRules"));
		boolean rotateImmediately = request.bool("RotateImmediately", true);
		StoredSecret secret = context.activeSecret(secretId);
		String lambdaArn = (requestedArn != null && !requestedArn.isEmpty()) ? requestedArn
				: secret.rotationLambdaArn();
		if (lambdaArn == null) {
			throw SecretsManagerErrors
				.invalidRequest("No Lambda rotation function ARN is associated with this secret.");
		}
		RotationFunction function = context.rotations()
			.function(lambdaArn)
			.orElseThrow(() -> SecretsManagerErrors.accessDenied("Secrets Manager cannot invoke the specified Lambda "
					+ "function. Ensure that the function policy grants access to the principal "
					+ "secretsmanager.amazonaws.com."));
		StoredSecret.RotationRules rules = (requestedRules != null) ? requestedRules : secret.rotationRules();
		RotationSchedule schedule = (rules != null) ? RotationSchedule.of(rules) : null;
		Optional<SecretVersion> tokenVersion = secret.version(token);
		checkNoOtherRotation(secret, token);
		Instant now = context.now();
		secret.rotationEnabled(true);
		secret.rotationLambdaArn(lambdaArn);
		secret.rotationRules(rules);
		secret.nextRotationDate((schedule != null)
				? schedule.nextRotationDate(rotateImmediately ? now : lastChange(secret, now)) : null);
		secret.changed(now);
		// A version for this token that is no longer pending means its rotation already
		// ended: a retried request.
		boolean ended = tokenVersion.isPresent() && !isUnfinishedRotation(tokenVersion.get());
		if (!ended && !context.rotations().isRunning(secret.arn(), token)) {
			if (tokenVersion.isEmpty()) {
				secret.addVersion(new SecretVersion(token, null, null, now));
			}
			secret.moveStage(StoredSecret.AWSPENDING, token);
			RotationOutcome.Kind kind = rotateImmediately ? RotationOutcome.Kind.ROTATION
					: RotationOutcome.Kind.CONFIGURATION_TEST;
			context.rotations().start(new RotationRun(secret.arn(), token, kind, function));
		}
		ObjectNode response = context.newResponse(secret);
		response.put("VersionId", token);
		return response;
	}

	/**
	 * AWSPENDING on a version other than AWSCURRENT's means a rotation has not finished;
	 * only a retry of that rotation, with its token, may go on.
	 */
	private static void checkNoOtherRotation(StoredSecret secret, String token) {
		Optional<SecretVersion> pending = secret.versionWithStage(StoredSecret.AWSPENDING);
		if (pending.isPresent() && isUnfinishedRotation(pending.get()) && !pending.get().versionId().equals(token)) {
			throw SecretsManagerErrors
				.invalidRequest("A previous rotation isn't complete. That rotation will be reattempted.");
		}
	}

	private static boolean isUnfinishedRotation(SecretVersion version) {
		return version.stages().contains(StoredSecret.AWSPENDING)
				&& !version.stages().contains(StoredSecret.AWSCURRENT);
	}

	/**
	 * The last rotation a schedule counts from: the last completed rotation, or a later
	 * change of the current value, which the API reference counts as a rotation too.
	 */
	private static Instant lastChange(StoredSecret secret, Instant now) {
		Instant last = secret.lastRotatedDate();
		Optional<Instant> currentCreated = secret.versionWithStage(StoredSecret.AWSCURRENT)
			.map(SecretVersion::createdDate);
		if (currentCreated.isPresent() && (last == null || currentCreated.get().isAfter(last))) {
			last = currentCreated.get();
		}
		return (last != null) ? last : now;
	}

	/** {@code RotationRules}, checked against the shapes of the API reference. */
	private static StoredSecret.RotationRules rules(Request rules) {
		if (rules == null) {
			return null;
		}
		Long days = rules.number("AutomaticallyAfterDays", 1, 1000);
		String duration = rules.string("Duration", 2, 3);
		if (duration != null && !DURATION.matcher(duration).matches()) {
			throw patternViolation("duration", "[0-9h]+");
		}
		String expression = rules.string("ScheduleExpression", 1, 256);
		if (expression != null && !SCHEDULE_EXPRESSION.matcher(expression).matches()) {
			throw patternViolation("scheduleExpression", SCHEDULE_EXPRESSION_PATTERN);
		}
		return new StoredSecret.RotationRules(days, duration, expression);
	}

	private static EmulatorServiceException patternViolation(String member, String pattern) {
		return SecretsManagerErrors.validation("1 validation error detected: Value at 'rotationRules." + member
				+ "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + pattern);
	}

}
