package io.github.secretsspringboot.test.emulator;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One immutable value of a secret plus its mutable staging labels. Guarded by the
 * {@link SecretStore} lock.
 */
final class SecretVersion {

	private final String versionId;

	private final String secretString;

	private final byte[] secretBinary;

	private final Instant createdDate;

	private Instant lastAccessedDate;

	private final Set<String> stages = new LinkedHashSet<>();

	SecretVersion(String versionId, String secretString, byte[] secretBinary, Instant createdDate) {
		this.versionId = versionId;
		this.secretString = secretString;
		this.secretBinary = (secretBinary != null) ? secretBinary.clone() : null;
		this.createdDate = createdDate;
	}

	String versionId() {
		return this.versionId;
	}

	String secretString() {
		return this.secretString;
	}

	byte[] secretBinary() {
		return (this.secretBinary != null) ? this.secretBinary.clone() : null;
	}

	/**
	 * Whether this version has a value. RotateSecret creates the version of a rotation
	 * without one, labelled AWSPENDING, for the rotation function's createSecret step to
	 * fill.
	 */
	boolean hasValue() {
		return this.secretString != null || this.secretBinary != null;
	}

	/**
	 * Whether this version holds exactly the given value (PutSecretValue idempotency).
	 */
	boolean hasSameValue(String otherString, byte[] otherBinary) {
		if (this.secretString != null) {
			return this.secretString.equals(otherString) && otherBinary == null;
		}
		return otherString == null && Arrays.equals(this.secretBinary, otherBinary);
	}

	Instant createdDate() {
		return this.createdDate;
	}

	Instant lastAccessedDate() {
		return this.lastAccessedDate;
	}

	void accessed(Instant when) {
		this.lastAccessedDate = when;
	}

	Set<String> stages() {
		return this.stages;
	}

	/** A version without staging labels is deprecated. */
	boolean isDeprecated() {
		return this.stages.isEmpty();
	}

	@Override
	public String toString() {
		return "SecretVersion[" + this.versionId + " " + this.stages + "]";
	}

}
