package io.github.secretsspringboot.test.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A secret with its metadata and versions. Mutable, guarded by the {@link SecretStore}
 * lock; never leaves the emulator.
 */
final class StoredSecret {

	static final String AWSCURRENT = "AWSCURRENT";

	static final String AWSPREVIOUS = "AWSPREVIOUS";

	static final String AWSPENDING = "AWSPENDING";

	private final String name;

	private final String arn;

	private final Instant createdDate;

	private String description;

	private String kmsKeyId;

	private Instant lastChangedDate;

	private Instant lastAccessedDate;

	/**
	 * When a scheduled deletion takes effect; {@code null} while the secret is not
	 * deleted.
	 */
	private Instant deletionDate;

	/** When DeleteSecret was called; reported as {@code DeletedDate}. */
	private Instant deletedDate;

	private boolean rotationEnabled;

	private String rotationLambdaArn;

	private RotationRules rotationRules;

	private Instant lastRotatedDate;

	private Instant nextRotationDate;

	private final Map<String, String> tags = new LinkedHashMap<>();

	/** Versions in creation order. */
	private final Map<String, SecretVersion> versions = new LinkedHashMap<>();

	StoredSecret(String name, String arn, Instant createdDate) {
		this.name = name;
		this.arn = arn;
		this.createdDate = createdDate;
		this.lastChangedDate = createdDate;
	}

	String name() {
		return this.name;
	}

	String arn() {
		return this.arn;
	}

	Instant createdDate() {
		return this.createdDate;
	}

	String description() {
		return this.description;
	}

	void description(String description) {
		this.description = description;
	}

	String kmsKeyId() {
		return this.kmsKeyId;
	}

	void kmsKeyId(String kmsKeyId) {
		this.kmsKeyId = kmsKeyId;
	}

	Instant lastChangedDate() {
		return this.lastChangedDate;
	}

	void changed(Instant when) {
		this.lastChangedDate = when;
	}

	Instant lastAccessedDate() {
		return this.lastAccessedDate;
	}

	void accessed(Instant when) {
		this.lastAccessedDate = when;
	}

	boolean isScheduledForDeletion() {
		return this.deletionDate != null;
	}

	Instant deletionDate() {
		return this.deletionDate;
	}

	Instant deletedDate() {
		return this.deletedDate;
	}

	void scheduleDeletion(Instant deletedDate, Instant deletionDate) {
		this.deletedDate = deletedDate;
		this.deletionDate = deletionDate;
	}

	void restore() {
		this.deletedDate = null;
		this.deletionDate = null;
	}

	boolean rotationEnabled() {
		return this.rotationEnabled;
	}

	void rotationEnabled(boolean rotationEnabled) {
		this.rotationEnabled = rotationEnabled;
	}

	String rotationLambdaArn() {
		return this.rotationLambdaArn;
	}

	void rotationLambdaArn(String rotationLambdaArn) {
		this.rotationLambdaArn = rotationLambdaArn;
	}

	RotationRules rotationRules() {
		return this.rotationRules;
	}

	void rotationRules(RotationRules rotationRules) {
		this.rotationRules = rotationRules;
	}

	Instant lastRotatedDate() {
		return this.lastRotatedDate;
	}

	void lastRotatedDate(Instant lastRotatedDate) {
		this.lastRotatedDate = lastRotatedDate;
	}

	Instant nextRotationDate() {
		return this.nextRotationDate;
	}

	void nextRotationDate(Instant nextRotationDate) {
		this.nextRotationDate = nextRotationDate;
	}

	Map<String, String> tags() {
		return this.tags;
	}

	Map<String, SecretVersion> versions() {
		return this.versions;
	}

	Optional<SecretVersion> version(String versionId) {
		return Optional.ofNullable(this.versions.get(versionId));
	}

	Optional<SecretVersion> versionWithStage(String stage) {
		return this.versions.values().stream().filter((version) -> version.stages().contains(stage)).findFirst();
	}

	void addVersion(SecretVersion version) {
		this.versions.put(version.versionId(), version);
	}

	/**
	 * Attaches {@code stage} to the version {@code toVersionId}, removing it from
	 * whichever version held it. Moving AWSCURRENT also moves AWSPREVIOUS to the version
	 * that was current, as Secrets Manager does.
	 */
	void moveStage(String stage, String toVersionId) {
		SecretVersion target = this.versions.get(toVersionId);
		Optional<SecretVersion> holder = versionWithStage(stage);
		if (holder.isPresent() && holder.get() == target) {
			return;
		}
		holder.ifPresent((previous) -> previous.stages().remove(stage));
		target.stages().add(stage);
		if (AWSCURRENT.equals(stage) && holder.isPresent()) {
			versionWithStage(AWSPREVIOUS).ifPresent((version) -> version.stages().remove(AWSPREVIOUS));
			holder.get().stages().add(AWSPREVIOUS);
		}
	}

	/** Versions that still carry a staging label, in creation order. */
	List<SecretVersion> labelledVersions() {
		List<SecretVersion> labelled = new ArrayList<>();
		for (SecretVersion version : this.versions.values()) {
			if (!version.isDeprecated()) {
				labelled.add(version);
			}
		}
		return labelled;
	}

	@Override
	public String toString() {
		return "StoredSecret[" + this.arn + "]";
	}

	/** The rotation schedule of a secret, as RotationRules in the API. */
	record RotationRules(Long automaticallyAfterDays, String duration, String scheduleExpression) {
	}

}
