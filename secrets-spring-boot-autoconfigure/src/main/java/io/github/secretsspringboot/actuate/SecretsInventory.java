package io.github.secretsspringboot.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.secretsspringboot.config.SecretLoadReport;
import io.github.secretsspringboot.config.SecretLoadReport.ImportLoad;
import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretImport;
import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.core.SecretValue;
import io.github.secretsspringboot.refresh.SecretDescription;
import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
import io.github.secretsspringboot.refresh.SecretRefreshState;
import io.github.secretsspringboot.refresh.SecretsRefreshProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Puts together what is known about every imported secret, from the environment (what is
 * in force), the refresh registry (what the checks found) and the startup load report
 * (what never loaded). Reads memory only: never calls AWS, never reads a value.
 *
 * @author secrets-spring-boot
 */
final class SecretsInventory {

	private final ConfigurableEnvironment environment;

	private final @Nullable SecretRefreshRegistry registry;

	private final @Nullable SecretLoadReport report;

	private final @Nullable Duration maxStaleness;

	private final Duration overdueGrace;

	private final Duration stuckThreshold;

	private final Clock clock;

	/** Stands in for the load time of an import the report does not know. */
	private final Instant createdAt;

	/**
	 * @param registry the refresh registry, or {@code null} when refresh is off
	 * @param report the startup load report, or {@code null} when no import was resolved
	 * @param maxStaleness the longest time without a successful check, or {@code null}
	 * when refresh is off
	 */
	SecretsInventory(ConfigurableEnvironment environment, @Nullable SecretRefreshRegistry registry,
			@Nullable SecretLoadReport report, @Nullable Duration maxStaleness, SecretsHealthProperties properties,
			Clock clock) {
		this.environment = environment;
		this.registry = registry;
		this.report = report;
		this.maxStaleness = maxStaleness;
		this.overdueGrace = properties.getRotationOverdueGrace();
		this.stuckThreshold = properties.getStuckRotationThreshold();
		this.clock = clock;
		this.createdAt = clock.instant();
	}

	/**
	 * An inventory of the application's secrets. The registry and the refresh properties
	 * are beans only while refresh is on.
	 */
	static SecretsInventory of(ConfigurableEnvironment environment, ObjectProvider<SecretRefreshRegistry> registry,
			ObjectProvider<SecretsRefreshProperties> refreshProperties, ObjectProvider<SecretLoadReport> report,
			SecretsHealthProperties properties) {
		SecretRefreshRegistry refreshRegistry = registry.getIfAvailable();
		SecretsRefreshProperties refresh = refreshProperties.getIfAvailable();
		Duration maxStaleness = (refreshRegistry == null) ? null : (refresh != null)
				? properties.determineMaxStaleness(refresh.getInterval()) : properties.getMaxStaleness();
		return new SecretsInventory(environment, refreshRegistry, report.getIfAvailable(), maxStaleness, properties,
				Clock.systemUTC());
	}

	@Nullable Duration maxStaleness() {
		return this.maxStaleness;
	}

	@Nullable SecretRefreshRegistry registry() {
		return this.registry;
	}

	@Nullable SecretLoadReport report() {
		return this.report;
	}

	/** Every import: those in force, in order of precedence, then those never loaded. */
	List<SecretStatus> secrets() {
		Instant now = this.clock.instant();
		Map<String, SecretRefreshState> states = new HashMap<>();
		if (this.registry != null) {
			this.registry.getStates().forEach((state) -> states.put(state.source(), state));
		}
		Map<SecretImport, ImportLoad> loads = new HashMap<>();
		if (this.report != null) {
			this.report.getImports().forEach((load) -> loads.put(load.secretImport(), load));
		}
		List<SecretStatus> secrets = new ArrayList<>();
		Set<SecretImport> inForce = new HashSet<>();
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			// An optional import still waiting for its secret is reported as not loaded.
			if (source instanceof SecretPropertySource secretSource && secretSource.isLoaded()
					&& inForce.add(secretSource.getSecretImport())) {
				ImportLoad load = loads.get(secretSource.getSecretImport());
				secrets.add(loaded(secretSource, states.get(secretSource.getName()),
						(load != null) ? load.at() : this.createdAt, now));
			}
		}
		if (this.report != null) {
			for (ImportLoad load : this.report.getSkipped()) {
				if (!inForce.contains(load.secretImport())) {
					secrets.add(SecretStatus.notLoaded(load));
				}
			}
		}
		return secrets;
	}

	/**
	 * The imports of the secret that {@code id} (its id as imported, name, ARN or partial
	 * ARN) names.
	 */
	List<SecretStatus> secrets(String id) {
		return secrets().stream().filter((secret) -> secret.isNamedBy(id)).toList();
	}

	/**
	 * Time since the values of a refreshed secret were last confirmed: the longest of its
	 * imports'. {@code null} when it is not refreshed.
	 */
	@Nullable Duration staleness(String secretId) {
		if (this.registry == null) {
			return null;
		}
		Instant now = this.clock.instant();
		Duration longest = null;
		for (SecretRefreshState state : this.registry.getStates(secretId)) {
			Duration staleness = staleness(state, loadedAt(state.secretImport()), now);
			longest = (longest == null || staleness.compareTo(longest) > 0) ? staleness : longest;
		}
		return longest;
	}

	private Instant loadedAt(SecretImport secretImport) {
		if (this.report != null) {
			for (ImportLoad load : this.report.getLoaded()) {
				if (load.secretImport().equals(secretImport)) {
					return load.at();
				}
			}
		}
		return this.createdAt;
	}

	private static Duration staleness(SecretRefreshState state, Instant loadedAt, Instant now) {
		Instant confirmed = (state.lastSuccessfulCheck() != null) ? state.lastSuccessfulCheck() : loadedAt;
		Duration staleness = Duration.between(confirmed, now);
		return staleness.isNegative() ? Duration.ZERO : staleness;
	}

	// Only loaded sources are passed, and they hold a version.
	@SuppressWarnings("NullAway")
	private SecretStatus loaded(SecretPropertySource source, @Nullable SecretRefreshState state, Instant loadedAt,
			Instant now) {
		SecretImport secretImport = source.getSecretImport();
		SecretValue version = source.getVersion();
		List<String> propertyNames = List.of(source.getPropertyNames());
		String stage = (secretImport.getOptions().versionStage() != null) ? secretImport.getOptions().versionStage()
				: (secretImport.getOptions().versionId() == null) ? "AWSCURRENT" : null;
		if (state == null) {
			SecretState secretState = (secretImport.getOptions().versionId() != null) ? SecretState.PINNED
					: SecretState.NOT_REFRESHED;
			return new SecretStatus(secretImport, source.getName(), secretState, null, version.name(), version.arn(),
					version.versionId(), stage, version.versionStages(), propertyNames, loadedAt, null, null, null,
					null, 0, null, null, 0, 0, 0, RotationStatus.UNKNOWN);
		}
		Duration staleness = staleness(state, loadedAt, now);
		SecretState secretState = (this.maxStaleness != null && staleness.compareTo(this.maxStaleness) > 0)
				? SecretState.STALE : SecretState.FRESH;
		return new SecretStatus(secretImport, source.getName(), secretState, null, version.name(), state.arn(),
				state.versionId(), stage, state.versionStages(), propertyNames, loadedAt, state.lastSuccessfulCheck(),
				state.lastChange(), staleness, state.nextCheck(), state.consecutiveFailures(), state.lastError(),
				state.lastFailure(), state.checks(), state.changes(), state.failures(), rotation(state.description()));
	}

	private RotationStatus rotation(@Nullable SecretDescription description) {
		if (description == null) {
			return RotationStatus.UNKNOWN;
		}
		Instant at = description.describedAt();
		RotationState state;
		if (description.pendingVersionId() != null) {
			Instant since = (description.pendingSince() != null) ? description.pendingSince() : at;
			state = (Duration.between(since, at).compareTo(this.stuckThreshold) >= 0) ? RotationState.STUCK
					: RotationState.ROTATING;
		}
		else if (!Boolean.TRUE.equals(description.rotationEnabled())) {
			state = RotationState.DISABLED;
		}
		else if (description.nextRotationDate() != null
				&& at.isAfter(description.nextRotationDate().plus(this.overdueGrace))) {
			state = RotationState.OVERDUE;
		}
		else {
			state = RotationState.OK;
		}
		return new RotationStatus(state, description.rotationEnabled(), description.rotationRules(),
				description.lastRotatedDate(), description.nextRotationDate(), description.pendingVersionId(),
				description.pendingSince(), at);
	}

	/**
	 * What is known about one import.
	 *
	 * @param secretImport the import
	 * @param source the name of its property source, which is the import as written
	 * @param state whether its values are current
	 * @param notLoadedReason why it never loaded, or {@code null}
	 * @param name the secret's name, or {@code null} when it never loaded
	 * @param arn the secret's ARN, or {@code null} when it never loaded
	 * @param versionId the version in force
	 * @param versionStage the staging label the import follows, or {@code null} when it
	 * is pinned to a version id
	 * @param versionStages the labels of the version in force when last checked
	 * @param propertyNames the names of the properties it makes
	 * @param loadedAt when it was loaded (or skipped) at startup
	 * @param lastSuccessfulCheck when a check last succeeded, or {@code null}
	 * @param lastChange when its properties last changed, or {@code null}
	 * @param staleness time since the values were last confirmed (a successful check, or
	 * loading), or {@code null} when not refreshed
	 * @param nextCheck when it is due to be checked, or {@code null}
	 * @param consecutiveFailures checks failed since the last success
	 * @param lastError why the last failed check failed, or {@code null}
	 * @param lastFailure when a check last failed, or {@code null}
	 * @param checks checks made
	 * @param changes changes applied
	 * @param failures checks that failed
	 * @param rotation how its rotation is doing
	 */
	record SecretStatus(SecretImport secretImport, String source, SecretState state,
			@Nullable SecretErrorKind notLoadedReason, @Nullable String name, @Nullable String arn,
			@Nullable String versionId, @Nullable String versionStage, List<String> versionStages,
			List<String> propertyNames, Instant loadedAt, @Nullable Instant lastSuccessfulCheck,
			@Nullable Instant lastChange, @Nullable Duration staleness, @Nullable Instant nextCheck,
			int consecutiveFailures, @Nullable SecretErrorKind lastError, @Nullable Instant lastFailure, long checks,
			long changes, long failures, RotationStatus rotation) {

		static SecretStatus notLoaded(ImportLoad load) {
			SecretImport secretImport = load.secretImport();
			return new SecretStatus(secretImport, secretImport.describe(), SecretState.NOT_LOADED, load.failure(), null,
					null, null, secretImport.getOptions().versionStage(), List.of(), List.of(), load.at(), null, null,
					null, null, 0, null, null, 0, 0, 0, RotationStatus.UNKNOWN);
		}

		String secretId() {
			return this.secretImport.getSecretId();
		}

		boolean isOptional() {
			return this.secretImport.isOptional();
		}

		/**
		 * Whether {@code id} names this secret: its id as imported, its name, ARN or
		 * partial ARN.
		 */
		boolean isNamedBy(String id) {
			if (id.equals(secretId()) || id.equals(this.name) || id.equals(this.arn)) {
				return true;
			}
			// A partial ARN lacks the dash and six random characters Secrets Manager
			// appends.
			return this.arn != null && this.arn.length() == id.length() + 7 && this.arn.startsWith(id);
		}

	}

	/**
	 * How a secret's rotation is doing.
	 *
	 * @param state the verdict
	 * @param enabled whether rotation is on, or {@code null} when unknown or never
	 * configured
	 * @param rules the rotation schedule, or {@code null}
	 * @param lastRotatedDate when it last rotated, or {@code null}
	 * @param nextRotationDate when it rotates next, or {@code null}
	 * @param pendingVersionId the version carrying {@code AWSPENDING} while another
	 * carries {@code AWSCURRENT}, or {@code null}
	 * @param pendingSince when that was first seen, or {@code null}
	 * @param describedAt when the secret was last described, or {@code null}
	 */
	record RotationStatus(RotationState state, @Nullable Boolean enabled,
			SecretDescription.@Nullable RotationRules rules, @Nullable Instant lastRotatedDate,
			@Nullable Instant nextRotationDate, @Nullable String pendingVersionId, @Nullable Instant pendingSince,
			@Nullable Instant describedAt) {

		static final RotationStatus UNKNOWN = new RotationStatus(RotationState.UNKNOWN, null, null, null, null, null,
				null, null);

		boolean isProblem() {
			return this.state == RotationState.STUCK || this.state == RotationState.OVERDUE;
		}

	}

}
