package io.github.secretsspringboot.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import io.github.secretsspringboot.refresh.SecretsRefreshProperties.Mode;
import io.github.secretsspringboot.refresh.TrackedSecret.ForcedRefresh;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;

/**
 * Keeps imported secrets current. Every interval (with jitter) it checks the secrets that
 * are due, finds changes by version id, swaps the properties of a changed import in one
 * step and, as soon as a secret's new version is in force, runs the reactions to it (the
 * pools' credentials, Spring Cloud's rebinding) and publishes a
 * {@link SecretsChangedEvent} for it. A secret that fails keeps its last good values and
 * is checked less often (exponential backoff) without holding up the others; while
 * Secrets Manager cannot be reached, one such secret is checked every cycle all the same,
 * and once it answers the others are checked at once.
 * <p>
 * {@link #refresh(String, RefreshCause)} forces a check now, for example after a database
 * rejected credentials: callers share the check in flight, and one within
 * {@code aws.secrets.refresh.forced-refresh-min-spacing} of the last gets its result.
 * Nothing here blocks: the work runs on the refresher's own threads, started and stopped
 * with the application context.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public class SecretsRefresher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SecretsRefresher.class);

	/** Enough for a slow secret not to hold up the others, few enough to be cheap. */
	private static final int MAX_THREADS = 4;

	private final SecretRefreshRegistry registry;

	private final SecretChecker checker;

	private final ChangePipeline pipeline;

	private final Backoff backoff;

	private final Duration forcedRefreshMinSpacing;

	private final Mode mode;

	private final Clock clock;

	private final RefreshLog log = new RefreshLog();

	private final Object lifecycleMonitor = new Object();

	private volatile @Nullable ThreadPoolTaskScheduler scheduler;

	private volatile List<SecretsRefreshListener> listeners = List.of();

	SecretsRefresher(SecretRefreshRegistry registry, SecretChecker checker, ChangePipeline pipeline,
			SecretsRefreshProperties properties, Backoff backoff, Clock clock) {
		this.registry = registry;
		this.checker = checker;
		this.pipeline = pipeline;
		this.backoff = backoff;
		this.forcedRefreshMinSpacing = properties.getForcedRefreshMinSpacing();
		this.mode = properties.getMode();
		this.clock = clock;
	}

	void setListeners(List<SecretsRefreshListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * Checks one secret now, unless a forced check of it is in flight (whose result is
	 * returned) or completed less than the minimum spacing ago (whose result is
	 * returned). For {@link RefreshCause#EVENT}, which tells of a change made after any
	 * earlier check, only a check in flight that has not read the secret yet is shared.
	 * @param secretId the secret's id as imported, its name, ARN or partial ARN
	 * @param cause why the caller wants fresh values
	 * @return the outcome, once the check completes; failed with
	 * {@link IllegalArgumentException} when the secret is not refreshed, and with
	 * {@link IllegalStateException} when the refresher is not running
	 */
	public CompletableFuture<RefreshResult> refresh(String secretId, RefreshCause cause) {
		Assert.hasText(secretId, "secretId must not be empty");
		Assert.notNull(cause, "cause must not be null");
		Optional<TrackedSecret> secret = this.registry.find(secretId);
		if (secret.isEmpty()) {
			return notRefreshed(secretId);
		}
		// An event tells of a change after any earlier check: no earlier result answers
		// for it.
		BiFunction<TrackedSecret, Instant, ForcedRefresh> join = (cause != RefreshCause.EVENT) ? this::spaced
				: TrackedSecret::forcedRefreshAfterNow;
		return forced(List.of(secret.get()), cause, join).get(0).result();
	}

	/**
	 * Checks one secret now to put in force {@code versionId}, which the caller read as
	 * the secret's AWSCURRENT version (as a pool does when it logs in with it after a
	 * rejected login). Unlike {@link #refresh(String, RefreshCause)}, no earlier result
	 * answers for it, as the check behind it may have read the secret before that version
	 * carried AWSCURRENT: a check completed within {@code forced-refresh-min-spacing}
	 * does not hold a new one back, and a check in flight is shared only while it has not
	 * read the secret yet. Nothing is checked while the version is in force already.
	 * @param secretId the secret's id as imported, its name, ARN or partial ARN
	 * @param versionId the version the caller read as AWSCURRENT
	 * @param cause why the caller wants fresh values
	 * @return the outcome, once the check completes (unchanged, without a check, when the
	 * version is in force); failed as {@link #refresh(String, RefreshCause)} is
	 */
	public CompletableFuture<RefreshResult> refreshToCurrent(String secretId, String versionId, RefreshCause cause) {
		Assert.hasText(secretId, "secretId must not be empty");
		Assert.hasText(versionId, "versionId must not be empty");
		Assert.notNull(cause, "cause must not be null");
		Optional<TrackedSecret> secret = this.registry.find(secretId);
		if (secret.isEmpty()) {
			return notRefreshed(secretId);
		}
		return toCurrent(secret.get(), versionId, cause);
	}

	private CompletableFuture<RefreshResult> toCurrent(TrackedSecret secret, String versionId, RefreshCause cause) {
		if (secret.holdsCurrent(versionId)) {
			return CompletableFuture
				.completedFuture(new RefreshResult(secret.secretId(), List.of(), null, this.clock.instant()));
		}
		// An event names the version AWSCURRENT moved to: reading that stage is enough.
		boolean currentKnownToMove = cause == RefreshCause.EVENT;
		return forced(List.of(secret), cause, TrackedSecret::forcedRefreshAfterNow, currentKnownToMove).get(0).result();
	}

	private static CompletableFuture<RefreshResult> notRefreshed(String secretId) {
		return CompletableFuture.failedFuture(new IllegalArgumentException("Secret '" + secretId
				+ "' is not refreshed: no aws-secret: import names it, or its import is pinned to a version id"));
	}

	/**
	 * Checks every refreshed secret now, in one cycle, with the same sharing and spacing
	 * per secret as {@link #refresh(String, RefreshCause)}: for
	 * {@link RefreshCause#EVENT} (events that may have been missed), every secret is read
	 * after this call.
	 * @param cause why the caller wants fresh values
	 * @return the outcome of each secret, once all checks complete
	 */
	public CompletableFuture<List<RefreshResult>> refreshAll(RefreshCause cause) {
		Assert.notNull(cause, "cause must not be null");
		BiFunction<TrackedSecret, Instant, ForcedRefresh> join = (cause != RefreshCause.EVENT) ? this::spaced
				: TrackedSecret::forcedRefreshAfterNow;
		List<CompletableFuture<RefreshResult>> results = forced(this.registry.secrets(), cause, join).stream()
			.map(ForcedRefresh::result)
			.toList();
		return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
			.thenApply((done) -> results.stream().map(CompletableFuture::join).toList());
	}

	/**
	 * Checks every refreshed secret in one cycle that reads it after this call, for an
	 * explicit refresh of the application's whole configuration (Spring Cloud's
	 * {@code ContextRefresher}, behind {@code /actuator/refresh}): its caller expects
	 * what Secrets Manager holds when it asks, so the minimum spacing does not apply, and
	 * a forced refresh in flight is shared only while its check has not started.
	 * @param cause why the caller wants fresh values
	 * @return the outcome of each secret, once its check completes
	 */
	Map<TrackedSecret, CompletableFuture<RefreshResult>> refreshAllAfterNow(RefreshCause cause) {
		Assert.notNull(cause, "cause must not be null");
		List<TrackedSecret> secrets = this.registry.secrets();
		List<ForcedRefresh> refreshes = forced(secrets, cause, TrackedSecret::forcedRefreshAfterNow);
		Map<TrackedSecret, CompletableFuture<RefreshResult>> bySecret = new LinkedHashMap<>();
		for (int i = 0; i < secrets.size(); i++) {
			bySecret.put(secrets.get(i), refreshes.get(i).result());
		}
		return bySecret;
	}

	private ForcedRefresh spaced(TrackedSecret secret, Instant now) {
		return secret.forcedRefresh(now, this.forcedRefreshMinSpacing);
	}

	/**
	 * Starts or joins a forced check of each secret, as {@code join} decides for it, and
	 * runs the ones started in one cycle.
	 */
	private List<ForcedRefresh> forced(List<TrackedSecret> secrets, RefreshCause cause,
			BiFunction<TrackedSecret, Instant, ForcedRefresh> join) {
		return forced(secrets, cause, join, false);
	}

	private List<ForcedRefresh> forced(List<TrackedSecret> secrets, RefreshCause cause,
			BiFunction<TrackedSecret, Instant, ForcedRefresh> join, boolean currentKnownToMove) {
		ThreadPoolTaskScheduler executor = this.scheduler;
		if (executor == null) {
			return secrets.stream()
				.map((secret) -> new ForcedRefresh(CompletableFuture.<RefreshResult>failedFuture(
						new IllegalStateException("The secrets refresher is not running")), null, false))
				.toList();
		}
		Instant now = this.clock.instant();
		List<ForcedRefresh> refreshes = new ArrayList<>();
		Map<TrackedSecret, ForcedRefresh> started = new LinkedHashMap<>();
		for (TrackedSecret secret : secrets) {
			ForcedRefresh refresh = join.apply(secret, now);
			refreshes.add(refresh);
			if (refresh.started()) {
				started.put(secret, refresh);
			}
			notifyListeners((listener) -> listener.forcedRefreshRequested(secret.secretId(), cause, refresh.started()));
		}
		if (!started.isEmpty()) {
			// A check in flight finishes first: checks of a secret never overlap.
			CompletableFuture
				.allOf(started.values().stream().map(ForcedRefresh::idle).toArray(CompletableFuture[]::new))
				.thenRun(() -> runForced(started, cause, currentKnownToMove, executor));
		}
		return refreshes;
	}

	// The cycle checks exactly the started secrets.
	@SuppressWarnings("NullAway")
	private void runForced(Map<TrackedSecret, ForcedRefresh> started, RefreshCause cause, boolean currentKnownToMove,
			Executor executor) {
		try {
			started.keySet().forEach(TrackedSecret::reserveForced);
			runCycle(List.copyOf(started.keySet()), cause, currentKnownToMove, executor)
				.whenComplete((outcomes, failure) -> {
					if (failure != null) {
						started.values().forEach((refresh) -> refresh.result().completeExceptionally(failure));
						return;
					}
					outcomes.forEach((outcome) -> started.get(outcome.secret()).result().complete(outcome.result()));
				});
		}
		catch (RuntimeException ex) {
			started.values().forEach((refresh) -> refresh.result().completeExceptionally(ex));
		}
	}

	/**
	 * A periodic cycle: checks the secrets that are due and not being checked already.
	 */
	private void cycle() {
		ThreadPoolTaskScheduler executor = this.scheduler;
		if (executor == null) {
			return;
		}
		try {
			checkDue(executor, true);
		}
		finally {
			scheduleNextCycle(executor);
		}
	}

	/**
	 * Checks the secrets that are due and not being checked already.
	 * @param periodic whether this is a periodic cycle, which probes Secrets Manager
	 * while it cannot be reached
	 */
	private void checkDue(ThreadPoolTaskScheduler executor, boolean periodic) {
		try {
			Instant now = this.clock.instant();
			// Secrets are checked on cycles only: one due before the next cycle is
			// checked now.
			Duration tolerance = this.backoff.interval().dividedBy(2);
			List<TrackedSecret> due = new ArrayList<>();
			for (TrackedSecret secret : this.registry.secrets()) {
				if (secret.reserveIfDue(now, tolerance)) {
					due.add(secret);
				}
			}
			if (periodic) {
				reserveProbe().ifPresent(due::add);
			}
			if (!due.isEmpty()) {
				runCycle(due, RefreshCause.SCHEDULE, false, executor);
			}
		}
		catch (RuntimeException ex) {
			logger.error("Could not start a refresh cycle", ex);
		}
	}

	/**
	 * During an outage, secrets that cannot be reached wait ever longer between checks,
	 * up to the maximum backoff, so that an application with many secrets sends few
	 * requests. To notice within one interval that Secrets Manager answers again, each
	 * periodic cycle checks one of them early (the one due soonest, so that they take
	 * turns), unless one of them is being checked already: one request per interval at
	 * most. Throttled secrets are not probed: Secrets Manager is up and asks for fewer
	 * requests.
	 */
	private Optional<TrackedSecret> reserveProbe() {
		List<Map.Entry<TrackedSecret, Instant>> unreachable = new ArrayList<>();
		for (TrackedSecret secret : this.registry.secrets()) {
			if (secret.isUnreachable()) {
				if (secret.isChecking()) {
					return Optional.empty();
				}
				unreachable.add(Map.entry(secret, secret.nextCheck()));
			}
		}
		unreachable.sort(Map.Entry.comparingByValue());
		return unreachable.stream().map(Map.Entry::getKey).filter(TrackedSecret::reserveIfIdle).findFirst();
	}

	/**
	 * Secrets Manager answered a secret that it could not be reached for: the other
	 * secrets in that case are checked now rather than at the end of their backoff.
	 */
	private void checkUnreachableNow() {
		Instant now = this.clock.instant();
		long count = this.registry.secrets().stream().filter((secret) -> secret.bringForwardIfUnreachable(now)).count();
		if (count > 0) {
			logger.debug("Secrets Manager answers again: checking " + count + " more secret" + ((count == 1) ? "" : "s")
					+ " now");
			scheduleExtraCycle(now);
		}
	}

	private void scheduleNextCycle(ThreadPoolTaskScheduler executor) {
		try {
			executor.schedule(this::cycle, this.clock.instant().plus(this.backoff.nextCycle()));
		}
		catch (TaskRejectedException ex) {
			// Stopping.
		}
	}

	/**
	 * Checks the reserved secrets and records the outcomes. The reactions to a changed
	 * secret run as soon as its own check completes, not once the whole cycle has:
	 * another secret that hangs must not leave a pool on the old credentials while the
	 * environment holds the new.
	 */
	private CompletableFuture<List<SecretOutcome>> runCycle(List<TrackedSecret> secrets, RefreshCause cause,
			boolean currentKnownToMove, Executor executor) {
		long start = System.nanoTime();
		List<CompletableFuture<SecretOutcome>> checks = this.checker.check(secrets, currentKnownToMove, executor)
			.values()
			.stream()
			.map((check) -> check.thenApply((outcome) -> record(outcome, cause)))
			.toList();
		return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).thenApply((done) -> {
			List<SecretOutcome> outcomes = checks.stream().map(CompletableFuture::join).toList();
			this.registry.cycleCompleted();
			Duration duration = Duration.ofNanos(System.nanoTime() - start);
			List<RefreshResult> results = outcomes.stream().map(SecretOutcome::result).toList();
			notifyListeners((listener) -> listener.cycleCompleted(cause, results, duration));
			return outcomes;
		});
	}

	private void notifyListeners(Consumer<SecretsRefreshListener> call) {
		for (SecretsRefreshListener listener : this.listeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("A SecretsRefreshListener failed", ex);
			}
		}
	}

	// A failed import has an error.
	@SuppressWarnings("NullAway")
	private SecretOutcome record(SecretOutcome outcome, RefreshCause cause) {
		TrackedSecret.Finished finished;
		try {
			for (ImportOutcome imported : outcome.imports()) {
				if (imported.failed()) {
					imported.trackedImport().failed(outcome.checkedAt(), imported.error());
				}
				else {
					imported.trackedImport()
						.succeeded(outcome.checkedAt(), imported.stages(), imported.change() != null);
				}
			}
			react(outcome, cause);
		}
		finally {
			finished = outcome.secret().finished(outcome, this.backoff);
		}
		if (isRunning()) {
			// Stopping interrupts the checks in flight: what they report then says
			// nothing
			// about the secret, and a warning at every shutdown would only be noise.
			this.log.checked(outcome, finished);
		}
		if (finished.consecutiveFailures() == 0 && finished.nextWait().compareTo(this.backoff.interval()) < 0) {
			scheduleExtraCycle(outcome.secret().nextCheck());
		}
		if (finished.reachedAgain()) {
			checkUnreachableNow();
		}
		return outcome;
	}

	/**
	 * Checks secrets that are due before the next periodic cycle: one whose rotation is
	 * under way, or those Secrets Manager can be reached for again. The periodic chain of
	 * cycles goes on as before.
	 */
	private void scheduleExtraCycle(@Nullable Instant at) {
		ThreadPoolTaskScheduler executor = this.scheduler;
		if (executor == null || at == null) {
			return;
		}
		try {
			executor.schedule(() -> checkDue(executor, false), at);
		}
		catch (TaskRejectedException ex) {
			// Stopping.
		}
	}

	/**
	 * Runs the reactions to the secret's new versions before its check counts as
	 * finished: a check of the secret that follows, forced or not, then finds the pool on
	 * the new credentials, and never answers "unchanged" before.
	 */
	private void react(SecretOutcome outcome, RefreshCause cause) {
		List<SecretChange> changes = outcome.changes();
		if (changes.isEmpty()) {
			return;
		}
		// Once stopped, the application context is closing and can publish no event.
		this.pipeline.changed(new SecretsChangedEvent(this, cause, changes), isRunning());
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.scheduler != null) {
				return;
			}
			ThreadPoolTaskScheduler executor = new ThreadPoolTaskScheduler();
			executor.setPoolSize(Math.min(MAX_THREADS, this.registry.secrets().size() + 1));
			executor.setThreadNamePrefix("aws-secrets-refresh-");
			executor.setDaemon(true);
			executor.setRemoveOnCancelPolicy(true);
			executor.initialize();
			this.scheduler = executor;
			if (this.registry.isEmpty()) {
				logger.debug("No imported secret to refresh");
				return;
			}
			Instant firstCheck = this.clock.instant().plus(this.backoff.interval());
			this.registry.secrets().forEach((secret) -> secret.scheduleFirstCheck(firstCheck));
			scheduleNextCycle(executor);
			int count = this.registry.secrets().size();
			logger.info("Checking " + count + " secret" + ((count == 1) ? "" : "s") + " for new versions every "
					+ DurationStyle.SIMPLE.print(this.backoff.interval()) + " ("
					+ this.mode.name().toLowerCase(Locale.ROOT) + " mode)");
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			ThreadPoolTaskScheduler executor = this.scheduler;
			if (executor == null) {
				return;
			}
			this.scheduler = null;
			executor.shutdown();
			this.registry.secrets().forEach(TrackedSecret::cancelForcedRefresh);
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
