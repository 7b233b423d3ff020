package io.github.secretsspringboot.actuate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.secretsspringboot.actuate.SecretsInventory.SecretStatus;
import io.github.secretsspringboot.config.SecretLoadReport;
import io.github.secretsspringboot.events.SecretEventSource;
import io.github.secretsspringboot.refresh.RefreshCause;
import io.github.secretsspringboot.refresh.RefreshResult;
import io.github.secretsspringboot.refresh.SecretChange;
import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
import io.github.secretsspringboot.refresh.SecretsRefreshProperties;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code secrets} endpoint: every imported secret with the version in force, the
 * names (never the values) of its properties, its last checks and its rotation; and, on a
 * write, a forced refresh of one secret or all of them. A read never calls AWS.
 * <p>
 * Over HTTP, a secret is named after {@code /actuator/secrets/} by its id as imported,
 * its name, ARN or partial ARN; slashes may be written as they are
 * ({@code /actuator/secrets/prod/app/db}) or encoded ({@code prod%2Fapp%2Fdb}), where the
 * server lets encoded slashes through.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@Endpoint(id = "secrets")
public class SecretsEndpoint {

	private final SecretsInventory inventory;

	private final @Nullable SecretsRefresher refresher;

	private final @Nullable SecretsRefreshProperties refreshProperties;

	private final Duration refreshWait;

	private final @Nullable SecretEventSource eventSource;

	/**
	 * @param refresher the refresher, or {@code null} when refresh is off
	 * @param refreshProperties the refresh settings, or {@code null} when refresh is off
	 * @param refreshWait how long a write waits for the forced refresh to complete
	 */
	SecretsEndpoint(SecretsInventory inventory, @Nullable SecretsRefresher refresher,
			@Nullable SecretsRefreshProperties refreshProperties, Duration refreshWait) {
		this(inventory, refresher, refreshProperties, refreshWait, null);
	}

	/**
	 * @param refresher the refresher, or {@code null} when refresh is off
	 * @param refreshProperties the refresh settings, or {@code null} when refresh is off
	 * @param refreshWait how long a write waits for the forced refresh to complete
	 * @param eventSource the source of Secrets Manager's events, or {@code null} when
	 * events are off
	 */
	SecretsEndpoint(SecretsInventory inventory, @Nullable SecretsRefresher refresher,
			@Nullable SecretsRefreshProperties refreshProperties, Duration refreshWait,
			@Nullable SecretEventSource eventSource) {
		this.eventSource = eventSource;
		this.inventory = inventory;
		this.refresher = refresher;
		this.refreshProperties = refreshProperties;
		this.refreshWait = refreshWait;
	}

	/**
	 * Every imported secret, with the refresh settings and what loading did at startup.
	 */
	@ReadOperation
	public SecretsDescriptor secrets() {
		List<SecretDescriptor> secrets = this.inventory.secrets().stream().map(SecretsEndpoint::describe).toList();
		return new SecretsDescriptor(refreshDescriptor(), startupDescriptor(), secrets,
				(this.eventSource != null) ? SecretEventsDescription.describe(this.eventSource) : null);
	}

	/**
	 * The imports of one secret.
	 * @param name the secret's id as imported, its name, ARN or partial ARN, in one or
	 * more path segments
	 * @return its imports, or {@code null} (404 over HTTP) when no import names it
	 */
	@ReadOperation
	public @Nullable SecretImportsDescriptor secret(@Selector(match = Match.ALL_REMAINING) String... name) {
		String id = join(name);
		List<SecretDescriptor> imports = this.inventory.secrets(id).stream().map(SecretsEndpoint::describe).toList();
		return imports.isEmpty() ? null : new SecretImportsDescriptor(id, imports);
	}

	/** Checks every refreshed secret now and tells what changed. */
	@WriteOperation
	public RefreshDescriptor refreshAll() {
		List<RefreshOutcomeDescriptor> outcomes = new ArrayList<>();
		Set<String> listed = new HashSet<>();
		List<RefreshResult> results = (this.refresher != null) ? await(this.refresher.refreshAll(RefreshCause.REQUEST))
				: List.of();
		if (results != null) {
			results.forEach((result) -> {
				outcomes.add(describe(result));
				listed.add(result.secretId());
			});
		}
		for (SecretStatus secret : this.inventory.secrets()) {
			if (listed.add(secret.secretId())) {
				outcomes.add(isRefreshed(secret) ? pending(secret.secretId()) : notRefreshed(secret.secretId()));
			}
		}
		return new RefreshDescriptor(RefreshCause.REQUEST, outcomes);
	}

	/**
	 * Checks one secret now and tells what changed.
	 * @param name the secret's id as imported, its name, ARN or partial ARN
	 * @return the outcome, or {@code null} (404 over HTTP) when no import names it
	 */
	@WriteOperation
	// isRefreshed() is false without a refresher.
	@SuppressWarnings("NullAway")
	public @Nullable RefreshDescriptor refresh(@Selector(match = Match.ALL_REMAINING) String... name) {
		String id = join(name);
		List<SecretStatus> imports = this.inventory.secrets(id);
		if (imports.isEmpty()) {
			return null;
		}
		String secretId = imports.get(0).secretId();
		if (imports.stream().noneMatch(this::isRefreshed)) {
			return new RefreshDescriptor(RefreshCause.REQUEST, List.of(notRefreshed(secretId)));
		}
		RefreshResult result = await(this.refresher.refresh(secretId, RefreshCause.REQUEST));
		return new RefreshDescriptor(RefreshCause.REQUEST,
				List.of((result != null) ? describe(result) : pending(secretId)));
	}

	private boolean isRefreshed(SecretStatus secret) {
		return this.refresher != null && (secret.state() == SecretState.FRESH || secret.state() == SecretState.STALE);
	}

	// An ExecutionException carries the failure as its cause.
	@SuppressWarnings("NullAway")
	private <T> @Nullable T await(CompletableFuture<T> refresh) {
		try {
			return refresh.get(this.refreshWait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (TimeoutException ex) {
			return null;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("The refresh could not run: " + ex.getCause().getClass().getSimpleName());
		}
	}

	private RefreshSettingsDescriptor refreshDescriptor() {
		SecretsRefreshProperties properties = this.refreshProperties;
		if (properties == null || this.refresher == null) {
			return new RefreshSettingsDescriptor(false, null, null, null, null, null, null, null);
		}
		SecretRefreshRegistry registry = this.inventory.registry();
		return new RefreshSettingsDescriptor(true, properties.getMode().name(), text(properties.getInterval()),
				properties.getJitter(), text(properties.getMaxBackoff()), text(properties.getForcedRefreshMinSpacing()),
				text(this.inventory.maxStaleness()), (registry != null) ? registry.getCycles() : null);
	}

	private @Nullable StartupDescriptor startupDescriptor() {
		SecretLoadReport report = this.inventory.report();
		if (report == null) {
			return null;
		}
		return new StartupDescriptor(report.getLoaded().size(), report.getSkipped().size(), report.getProperties(),
				report.getRequests(), text(report.getDuration()));
	}

	private static SecretDescriptor describe(SecretStatus secret) {
		Map<String, Object> rotation = (secret.rotation().describedAt() != null || secret.state() == SecretState.FRESH
				|| secret.state() == SecretState.STALE) ? SecretsHealthIndicator.rotation(secret.rotation()) : null;
		return new SecretDescriptor(secret.secretId(), secret.source(), secret.isOptional(), secret.state(),
				(secret.notLoadedReason() != null) ? secret.notLoadedReason().name() : null, secret.arn(),
				secret.versionId(), secret.versionStage(), secret.versionStages(), secret.propertyNames(),
				text(secret.loadedAt()), text(secret.lastSuccessfulCheck()), text(secret.lastChange()),
				text(secret.staleness()), text(secret.nextCheck()), secret.consecutiveFailures(),
				(secret.lastError() != null) ? secret.lastError().name() : null, text(secret.lastFailure()),
				secret.checks(), secret.changes(), secret.failures(), rotation);
	}

	private static RefreshOutcomeDescriptor describe(RefreshResult result) {
		String outcome = result.failed() ? (result.changed() ? "PARTLY_CHANGED" : "FAILED")
				: (result.changed() ? "CHANGED" : "UNCHANGED");
		List<ChangeDescriptor> changes = result.changes().stream().map(SecretsEndpoint::describe).toList();
		return new RefreshOutcomeDescriptor(result.secretId(), outcome,
				(result.error() != null) ? result.error().name() : null, text(result.completedAt()), changes);
	}

	private static ChangeDescriptor describe(SecretChange change) {
		return new ChangeDescriptor(change.source(), change.arn(), change.previousVersionId(), change.versionId(),
				change.propertyNames());
	}

	private static RefreshOutcomeDescriptor notRefreshed(String secretId) {
		return new RefreshOutcomeDescriptor(secretId, "NOT_REFRESHED", null, null, List.of());
	}

	private static RefreshOutcomeDescriptor pending(String secretId) {
		return new RefreshOutcomeDescriptor(secretId, "IN_PROGRESS", null, null, List.of());
	}

	private static String join(String... segments) {
		return String.join("/", segments);
	}

	private static @Nullable String text(@Nullable Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.MILLIS).toString() : null;
	}

	private static @Nullable String text(@Nullable Duration duration) {
		return (duration != null) ? duration.truncatedTo(ChronoUnit.MILLIS).toString() : null;
	}

	/**
	 * Every imported secret.
	 *
	 * @param refresh the refresh settings
	 * @param startup what loading did at startup, or {@code null} when nothing was
	 * imported
	 * @param secrets one entry per import
	 * @param events the state of the source of Secrets Manager's events, or {@code null}
	 * when events are off
	 */
	public record SecretsDescriptor(RefreshSettingsDescriptor refresh, @Nullable StartupDescriptor startup,
			List<SecretDescriptor> secrets, @Nullable Map<String, Object> events) implements OperationResponseBody {

		public SecretsDescriptor(RefreshSettingsDescriptor refresh, @Nullable StartupDescriptor startup,
				List<SecretDescriptor> secrets) {
			this(refresh, startup, secrets, null);
		}

	}

	/**
	 * The imports of one secret.
	 *
	 * @param name the name asked for
	 * @param imports one entry per import
	 */
	public record SecretImportsDescriptor(String name,
			List<SecretDescriptor> imports) implements OperationResponseBody {

	}

	/**
	 * One import of a secret. Names, never values.
	 *
	 * @param secretId the secret as named in the import
	 * @param source the import as written, which names its property source
	 * @param optional whether the import is {@code optional:}
	 * @param state whether its values are current
	 * @param notLoadedReason why it never loaded, or {@code null}
	 * @param arn the secret's ARN
	 * @param versionId the version in force
	 * @param versionStage the staging label the import follows, or {@code null} when
	 * pinned
	 * @param versionStages the labels of the version in force when last checked
	 * @param propertyNames the names of the properties it makes
	 * @param loadedAt when it was loaded at startup
	 * @param lastSuccessfulCheck when a check last succeeded
	 * @param lastChange when its properties last changed
	 * @param staleness time since its values were last confirmed
	 * @param nextCheck when it is due to be checked next
	 * @param consecutiveFailures checks failed since the last success
	 * @param lastError why the last failed check failed
	 * @param lastFailure when a check last failed
	 * @param checks checks made
	 * @param changes changes applied
	 * @param failures checks that failed
	 * @param rotation how its rotation is doing, or {@code null} when it is never
	 * described
	 */
	public record SecretDescriptor(String secretId, String source, boolean optional, SecretState state,
			@Nullable String notLoadedReason, @Nullable String arn, @Nullable String versionId,
			@Nullable String versionStage, List<String> versionStages, Collection<String> propertyNames,
			@Nullable String loadedAt, @Nullable String lastSuccessfulCheck, @Nullable String lastChange,
			@Nullable String staleness, @Nullable String nextCheck, int consecutiveFailures, @Nullable String lastError,
			@Nullable String lastFailure, long checks, long changes, long failures,
			@Nullable Map<String, Object> rotation) {

	}

	/**
	 * The refresh settings.
	 *
	 * @param enabled whether imported secrets are refreshed
	 * @param mode {@code DESCRIBE} or {@code BATCH}
	 * @param interval time between two checks
	 * @param jitter share of each wait added or taken at random
	 * @param maxBackoff longest wait between checks of a failing secret
	 * @param forcedRefreshMinSpacing shortest time between two forced refreshes of a
	 * secret
	 * @param maxStaleness time without a successful check after which a secret is stale
	 * @param cycles refresh cycles completed
	 */
	public record RefreshSettingsDescriptor(boolean enabled, @Nullable String mode, @Nullable String interval,
			@Nullable Double jitter, @Nullable String maxBackoff, @Nullable String forcedRefreshMinSpacing,
			@Nullable String maxStaleness, @Nullable Long cycles) {

	}

	/**
	 * What loading did at startup.
	 *
	 * @param loaded imports loaded
	 * @param skipped imports not loaded
	 * @param properties properties made from the loaded imports
	 * @param requests requests sent, retries included
	 * @param duration time spent fetching
	 */
	public record StartupDescriptor(int loaded, int skipped, int properties, int requests, @Nullable String duration) {

	}

	/**
	 * The outcome of a forced refresh.
	 *
	 * @param cause why it ran: {@code REQUEST}
	 * @param results one entry per secret
	 */
	public record RefreshDescriptor(RefreshCause cause,
			List<RefreshOutcomeDescriptor> results) implements OperationResponseBody {

	}

	/**
	 * What a forced refresh did to one secret.
	 *
	 * @param secretId the secret as named in its imports
	 * @param outcome {@code CHANGED}, {@code UNCHANGED}, {@code FAILED} (the last good
	 * values stay in force), {@code PARTLY_CHANGED} (one import changed, another failed),
	 * {@code NOT_REFRESHED} (pinned, or refresh is off) or {@code IN_PROGRESS} (still
	 * running when the endpoint stopped waiting)
	 * @param error why it failed, or {@code null}
	 * @param completedAt when it completed, or {@code null}
	 * @param changes the imports that now hold another version
	 */
	public record RefreshOutcomeDescriptor(String secretId, String outcome, @Nullable String error,
			@Nullable String completedAt, List<ChangeDescriptor> changes) {

	}

	/**
	 * One import that now holds another version.
	 *
	 * @param source the import as written
	 * @param arn the secret's ARN
	 * @param previousVersionId the version in force before
	 * @param versionId the version in force now
	 * @param propertyNames the names of the properties added, removed or changed
	 */
	public record ChangeDescriptor(String source, String arn, @Nullable String previousVersionId, String versionId,
			Set<String> propertyNames) {

	}

}
