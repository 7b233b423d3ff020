package io.github.secretsspringboot.refresh;

import java.time.Instant;
import java.util.List;

import io.github.secretsspringboot.config.SecretImport;
import io.github.secretsspringboot.config.SecretPropertySource;

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

	private Instant lastSuccessfulCheck;

	private Instant lastChange;

	private Instant lastFailure;

	private int consecutiveFailures;

	private RefreshErrorKind lastError;

	private long checks;

	private long changes;

	private long failures;

	private String rejectedVersionId;

	TrackedImport(SecretPropertySource source, PropertySources propertySources) {
		this.original = source;
		this.propertySources = propertySources;
		this.stagesInUse = source.getVersion().versionStages();
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

	String versionIdInUse() {
		return source().getVersion().versionId();
	}

	/**
	 * A version that could not be mapped to properties. Versions never change, so it is not
	 * fetched again while it stays staged.
	 */
	synchronized String rejectedVersionId() {
		return this.rejectedVersionId;
	}

	synchronized void rejected(String versionId) {
		this.rejectedVersionId = versionId;
	}

	synchronized void succeeded(Instant at, List<String> stages, boolean changed) {
		this.checks++;
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

	synchronized void failed(Instant at, RefreshErrorKind kind) {
		this.checks++;
		this.failures++;
		this.consecutiveFailures++;
		this.lastFailure = at;
		this.lastError = kind;
	}

	synchronized SecretRefreshState snapshot(Instant nextCheck, SecretDescription description) {
		SecretPropertySource source = source();
		return new SecretRefreshState(name(), secretImport(), source.getVersion().arn(),
				source.getVersion().versionId(), this.stagesInUse, this.lastSuccessfulCheck, this.lastChange,
				this.consecutiveFailures, this.lastError, this.lastFailure, this.checks, this.changes, this.failures,
				nextCheck, description);
	}

}
