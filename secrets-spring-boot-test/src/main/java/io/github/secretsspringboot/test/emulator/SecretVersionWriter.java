package io.github.secretsspringboot.test.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Adds a version to an existing secret, as PutSecretValue and UpdateSecret do: the
 * idempotency of {@code ClientRequestToken}, the staging labels the new version takes,
 * and the quota on versions per secret.
 */
final class SecretVersionWriter {

	/**
	 * The API reference (PutSecretValue, UpdateSecret) says Secrets Manager removes
	 * outdated versions when a secret has more than 100, but never versions created less
	 * than 24 hours ago, and that writing faster than it can remove them reaches the
	 * quota on versions. We read "outdated" as deprecated (no staging label, the only
	 * versions Secrets Manager may delete): a write that would leave more than 100
	 * versions first removes the oldest deprecated versions that are at least 24 hours
	 * old, and fails with {@code LimitExceededException} when that cannot bring the count
	 * back to 100.
	 */
	static final int MAX_VERSIONS = 100;

	static final Duration MIN_AGE_FOR_REMOVAL = Duration.ofHours(24);

	private SecretVersionWriter() {
	}

	/**
	 * The {@code ClientRequestToken} that becomes the new version's id. The SDKs and the
	 * CLI always fill it in; a raw request that writes a value without one is refused, as
	 * the reference asks callers of the HTTP API to generate it themselves.
	 */
	static String versionId(Request request) {
		String token = request.clientRequestToken();
		if (token == null) {
			throw SecretsManagerErrors
				.invalidRequest("You must provide a ClientRequestToken value. We recommend a UUID-type value.");
		}
		return token;
	}

	/**
	 * Adds the version {@code versionId} with {@code value}, attaching {@code stages} to
	 * it. A version that already exists with that id and the same value is a retry:
	 * nothing changes and the existing version is returned. With another value it is a
	 * conflict.
	 * <p>
	 * The exception is the version RotateSecret created without a value for its token:
	 * the rotation function's createSecret step stores the pending value with that token,
	 * so the write fills that version. It keeps its creation date and its labels
	 * (AWSPENDING), and takes {@code stages} as a new version would.
	 */
	static Written write(OperationContext context, StoredSecret secret, String versionId, SecretValues.NewValue value,
			Collection<String> stages) {
		Optional<SecretVersion> existing = secret.version(versionId);
		if (existing.isPresent() && existing.get().hasValue()) {
			if (existing.get().hasSameValue(value.secretString(), value.secretBinary())) {
				return new Written(existing.get(), false);
			}
			throw SecretsManagerErrors.resourceExists("A version with VersionId " + versionId + " already exists with "
					+ "a different value. You can't modify an existing version; create a new version instead.");
		}
		Instant now = context.now();
		SecretVersion placeholder = existing.orElse(null);
		Map<SecretVersion, Set<String>> labelsBefore = labelsOf(secret);
		boolean firstValue = secret.versionWithStage(StoredSecret.AWSCURRENT).isEmpty();
		SecretVersion version = new SecretVersion(versionId, value.secretString(), value.secretBinary(),
				(placeholder != null) ? placeholder.createdDate() : now);
		if (placeholder != null) {
			version.stages().addAll(placeholder.stages());
		}
		secret.addVersion(version);
		attachStages(secret, version, stages, firstValue);
		try {
			removeOutdatedVersions(secret, now);
		}
		catch (EmulatorServiceException ex) {
			if (placeholder != null) {
				secret.addVersion(placeholder);
			}
			else {
				secret.versions().remove(versionId);
			}
			labelsBefore.forEach((previous, labels) -> {
				previous.stages().clear();
				previous.stages().addAll(labels);
			});
			throw ex;
		}
		secret.changed(now);
		return new Written(version, true);
	}

	/**
	 * Labels given to the new version move from the versions that held them; moving
	 * AWSCURRENT moves AWSPREVIOUS too. The first value of a secret always becomes
	 * AWSCURRENT, whatever labels were asked for.
	 * <p>
	 * When a new value takes AWSCURRENT from a version that also carries AWSPENDING (the
	 * state a completed rotation leaves), Secrets Manager drops AWSPENDING from that
	 * version instead of leaving it on what is now AWSPREVIOUS, where it would make the
	 * next RotateSecret believe a rotation is still in progress.
	 */
	private static void attachStages(StoredSecret secret, SecretVersion version, Collection<String> stages,
			boolean firstValue) {
		Set<String> labels = new LinkedHashSet<>(stages);
		if (firstValue) {
			labels.add(StoredSecret.AWSCURRENT);
		}
		Optional<SecretVersion> formerCurrent = secret.versionWithStage(StoredSecret.AWSCURRENT);
		for (String label : labels) {
			secret.moveStage(label, version.versionId());
		}
		if (labels.contains(StoredSecret.AWSCURRENT) && !labels.contains(StoredSecret.AWSPENDING)) {
			formerCurrent.ifPresent((former) -> former.stages().remove(StoredSecret.AWSPENDING));
		}
	}

	private static void removeOutdatedVersions(StoredSecret secret, Instant now) {
		int excess = secret.versions().size() - MAX_VERSIONS;
		if (excess <= 0) {
			return;
		}
		Instant removableBefore = now.minus(MIN_AGE_FOR_REMOVAL);
		List<SecretVersion> removable = new ArrayList<>();
		for (SecretVersion candidate : secret.versions().values()) {
			if (candidate.isDeprecated() && !candidate.createdDate().isAfter(removableBefore)) {
				removable.add(candidate);
			}
		}
		if (removable.size() < excess) {
			throw SecretsManagerErrors.limitExceeded("The secret " + secret.name() + " has reached the quota of "
					+ MAX_VERSIONS + " versions. Secrets Manager removes deprecated versions only once they are "
					+ "24 hours old.");
		}
		removable.subList(0, excess).forEach((outdated) -> secret.versions().remove(outdated.versionId()));
	}

	private static Map<SecretVersion, Set<String>> labelsOf(StoredSecret secret) {
		Map<SecretVersion, Set<String>> labels = new LinkedHashMap<>();
		secret.versions().values().forEach((version) -> labels.put(version, new LinkedHashSet<>(version.stages())));
		return labels;
	}

	/**
	 * The version a write produced, and whether it is new or an earlier identical write.
	 */
	record Written(SecretVersion version, boolean created) {
	}

}
