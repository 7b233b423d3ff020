package io.github.secretsspringboot.refresh;

import java.time.Instant;
import java.util.List;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretImport;
import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.core.SecretValue;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySources;

/**
 * One refreshed import: its property source and the record of its checks.
 *
 * @author secrets-spring-boot
 */
final class TrackedImport {

	static final String AWSCURRENT = "AWSCURRENT";

	private final SecretPropertySource original;

	private final PropertySources propertySources;

	private List<String> stagesInUse;

	private @Nullable Instant lastSuccessfulCheck;

	private @Nullable Instant lastChange;

	private @Nullable Instant lastFailure;

	private int consecutiveFailures;

	/** Failures in a row before the last check. */
	private int previousFailures;

	private @Nullable SecretErrorKind lastError;

	private long checks;

	private long changes;

	private long failures;

	private @Nullable String rejectedVersionId;

	// The import's own schedule, kept by its TrackedSecret (under its lock): an import
	// that
	// fails backs off without slowing the other imports of the same secret.

	private @Nullable Instant nextCheck;

	private int warnedStep;

	// A loaded source holds a version.
	@SuppressWarnings("NullAway")
	TrackedImport(SecretPropertySource source, PropertySources propertySources) {
		this.original = source;
		this.propertySources = propertySources;
		this.stagesInUse = source.isLoaded() ? source.getVersion().versionStages() : List.of();
	}

	SecretImport secretImport() {
		return this.original.getSecretImport();
	}

	/** The name of the property source, which never changes. */
	String name() {
		return this.original.getName();
	}

	/** The staging label whose version the import holds. */
	String stage() {
		String stage = secretImport().getOptions().versionStage();
		return (stage != null) ? stage : AWSCURRENT;
	}

	/**
	 * The property source as the environment holds it now. Looked up by name because a
	 * config data reload (Spring Cloud's ContextRefresher) can replace it with another
	 * instance of the same name.
	 */
	SecretPropertySource source() {
		PropertySource<?> current = this.propertySources.get(name());
		return (current instanceof SecretPropertySource secretSource) ? secretSource : this.original;
	}

	/**
	 * The version in force, or {@code null} while an optional import waits for its
	 * secret.
	 */
	@Nullable String versionIdInUse() {
		SecretValue version = source().getVersion();
		return (version != null) ? version.versionId() : null;
	}

	@Nullable Instant nextCheck() {
		return this.nextCheck;
	}

	void nextCheck(Instant at) {
		this.nextCheck = at;
	}

	int warnedStep() {
		return this.warnedStep;
	}

	void warnedStep(int step) {
		this.warnedStep = step;
	}

	synchronized int consecutiveFailures() {
		return this.consecutiveFailures;
	}

	synchronized int previousFailures() {
		return this.previousFailures;
	}

	/**
	 * A version that could not be mapped to properties. Versions never change, so it is
	 * not fetched again while it stays staged.
	 */
	synchronized @Nullable String rejectedVersionId() {
		return this.rejectedVersionId;
	}

	synchronized void rejected(String versionId) {
		this.rejectedVersionId = versionId;
	}

	synchronized void succeeded(Instant at, @Nullable List<String> stages, boolean changed) {
		this.checks++;
		this.previousFailures = this.consecutiveFailures;
		this.consecutiveFailures = 0;
		this.lastSuccessfulCheck = at;
		if (stages != null) {
			this.stagesInUse = List.copyOf(stages);
		}
		if (changed) {
			this.changes++;
			this.lastChange = at;
		}
	}

	synchronized void failed(Instant at, SecretErrorKind kind) {
		this.checks++;
		this.failures++;
		this.previousFailures = this.consecutiveFailures;
		this.consecutiveFailures++;
		this.lastFailure = at;
		this.lastError = kind;
	}

	synchronized SecretRefreshState snapshot(@Nullable Instant nextCheck, @Nullable SecretDescription description) {
		SecretValue version = source().getVersion();
		return new SecretRefreshState(name(), secretImport(), (version != null) ? version.arn() : null,
				(version != null) ? version.versionId() : null, this.stagesInUse, this.lastSuccessfulCheck,
				this.lastChange, this.consecutiveFailures, this.lastError, this.lastFailure, this.checks, this.changes,
				this.failures, nextCheck, description);
	}

}
