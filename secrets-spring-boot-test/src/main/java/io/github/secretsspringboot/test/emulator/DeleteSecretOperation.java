package io.github.secretsspringboot.test.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import tools.jackson.databind.node.ObjectNode;

/**
 * DeleteSecret: schedules a secret for deletion after a recovery window (7 to 30 days, 30
 * by default) or, with {@code ForceDeleteWithoutRecovery}, deletes it at once. Until the
 * window ends the secret can be restored; when it ends the store drops it.
 */
final class DeleteSecretOperation implements Operation {

	static final long DEFAULT_RECOVERY_WINDOW_DAYS = 30;

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		String secretId = request.secretId();
		Long recoveryWindowInDays = request.number("RecoveryWindowInDays", Long.MIN_VALUE, Long.MAX_VALUE);
		boolean force = request.bool("ForceDeleteWithoutRecovery", false);
		if (force && recoveryWindowInDays != null) {
			throw SecretsManagerErrors
				.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
		}
		if (recoveryWindowInDays != null && (recoveryWindowInDays < 7 || recoveryWindowInDays > 30)) {
			throw SecretsManagerErrors
				.invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
		}
		Instant now = context.now();
		Optional<StoredSecret> found = context.store().find(secretId);
		if (found.isEmpty()) {
			if (force) {
				// The reference: forcing the deletion of a nonexistent secret is not a
				// ResourceNotFoundException.
				return response(context, arnFor(context, secretId), nameFor(secretId), now);
			}
			throw SecretsManagerErrors.secretNotFound();
		}
		StoredSecret secret = found.get();
		context.checkAccess(secret);
		if (force) {
			context.store().remove(secret);
			return response(context, secret.arn(), secret.name(), now);
		}
		if (secret.isScheduledForDeletion()) {
			throw SecretsManagerErrors
				.invalidRequest("You tried to perform the operation on a secret that's currently marked deleted.");
		}
		long days = (recoveryWindowInDays != null) ? recoveryWindowInDays : DEFAULT_RECOVERY_WINDOW_DAYS;
		Instant deletionDate = now.plus(Duration.ofDays(days));
		secret.scheduleDeletion(now, deletionDate);
		secret.changed(now);
		return response(context, secret.arn(), secret.name(), deletionDate);
	}

	private static ObjectNode response(OperationContext context, String arn, String name, Instant deletionDate) {
		ObjectNode response = OperationContext.named(context.newObject(), arn, name);
		response.put("DeletionDate", OperationContext.timestamp(deletionDate));
		return response;
	}

	/**
	 * A secret that does not exist has no random suffix to report; its ARN is built from
	 * the id.
	 */
	private static String arnFor(OperationContext context, String secretId) {
		if (secretId.startsWith("arn:")) {
			return secretId;
		}
		return "arn:aws:secretsmanager:" + context.store().region() + ":" + context.store().accountId() + ":secret:"
				+ secretId;
	}

	private static String nameFor(String secretId) {
		int marker = secretId.indexOf(":secret:");
		return (secretId.startsWith("arn:") && marker >= 0) ? secretId.substring(marker + ":secret:".length())
				: secretId;
	}

}
