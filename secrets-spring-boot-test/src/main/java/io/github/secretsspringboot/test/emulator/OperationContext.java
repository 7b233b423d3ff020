package io.github.secretsspringboot.test.emulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What an operation needs besides its request: the store, the control settings, the clock
 * and the name of the operation being served (for access checks).
 */
final class OperationContext {

	private final String operation;

	private final SecretStore store;

	private final EmulatorControl control;

	private final RotationService rotations;

	OperationContext(String operation, SecretStore store, EmulatorControl control, RotationService rotations) {
		this.operation = operation;
		this.store = store;
		this.control = control;
		this.rotations = rotations;
	}

	String operation() {
		return this.operation;
	}

	SecretStore store() {
		return this.store;
	}

	EmulatorControl control() {
		return this.control;
	}

	RotationService rotations() {
		return this.rotations;
	}

	Instant now() {
		return this.store.now();
	}

	/**
	 * The secret named by {@code secretId}, checked against denied access. A secret
	 * scheduled for deletion is returned too: each operation decides whether that is an
	 * error.
	 */
	StoredSecret secret(String secretId) {
		StoredSecret secret = this.store.find(secretId).orElseThrow(SecretsManagerErrors::secretNotFound);
		checkAccess(secret);
		return secret;
	}

	/**
	 * As {@link #secret(String)}, failing for a secret that is scheduled for deletion.
	 */
	StoredSecret activeSecret(String secretId) {
		StoredSecret secret = secret(secretId);
		if (secret.isScheduledForDeletion()) {
			throw SecretsManagerErrors
				.invalidRequest("You can't perform this operation on the secret because it was marked for deletion.");
		}
		return secret;
	}

	void checkAccess(StoredSecret secret) {
		if (this.control.isDenied(secret, this.operation)) {
			throw SecretsManagerErrors.accessDenied("User: arn:aws:iam::" + this.store.accountId()
					+ ":user/emulator is not authorized to perform: secretsmanager:" + this.operation + " on resource: "
					+ secret.name() + " because no identity-based policy allows the secretsmanager:" + this.operation
					+ " action");
		}
	}

	ObjectNode newObject() {
		return JsonNodeFactory.instance.objectNode();
	}

	/** A new response that names {@code secret}, as most responses begin. */
	ObjectNode newResponse(StoredSecret secret) {
		return named(newObject(), secret.arn(), secret.name());
	}

	/**
	 * Writes the {@code ARN} and {@code Name} members by which responses name a secret.
	 */
	static ObjectNode named(ObjectNode target, String arn, String name) {
		return target.put("ARN", arn).put("Name", name);
	}

	/** AWS JSON 1.1 timestamps are epoch seconds with a fraction. */
	static double timestamp(Instant instant) {
		return instant.toEpochMilli() / 1000.0;
	}

	/** Secrets Manager reports access dates to the day. */
	static Instant day(Instant instant) {
		return instant.truncatedTo(ChronoUnit.DAYS);
	}

}
