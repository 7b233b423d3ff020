package io.github.secretsspringboot.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretValue;
import org.jspecify.annotations.Nullable;

/**
 * One refreshed secret and its imports (several when a secret is imported with different
 * options or stages, or by name and by ARN): one request answers for all of them. Keeps a
 * backoff per import, so that an import that fails (its staging label removed) is checked
 * less often while the others are checked every interval, and makes sure that only one
 * check of the secret runs at a time.
 *
 * @author secrets-spring-boot
 */
final class TrackedSecret {

	private final String secretId;

	private final List<TrackedImport> imports;

	/** The longest a rotation function runs: AWS Lambda's maximum timeout. */
	private static final Duration LONGEST_ROTATION = Duration.ofMinutes(15);

	private volatile @Nullable SecretDescription description;

	/** Why the last check failed, {@code null} when it succeeded. */
	private @Nullable SecretErrorKind lastError;

	private boolean checking;

	/** The imports the check in flight is for: those that are due, or all of them. */
	private List<TrackedImport> inCheck;

	private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);

	private @Nullable CompletableFuture<RefreshResult> forced;

	private @Nullable Instant lastForcedAt;

	/**
	 * Whether the last forced refresh was one that spaced callers share: one asked to
	 * read after its call (an event's) may have read before a later caller's reason, so
	 * it does not answer for them once completed.
	 */
	private boolean lastForcedSpaced;

	/**
	 * Whether the check of the last forced refresh has started: it may have read an older
	 * version.
	 */
	private boolean forcedStarted;

	TrackedSecret(String secretId, List<TrackedImport> imports) {
		this.secretId = secretId;
		this.imports = List.copyOf(imports);
		this.inCheck = this.imports;
	}

	String secretId() {
		return this.secretId;
	}

	List<TrackedImport> imports() {
		return this.imports;
	}

	/**
	 * Whether every import holds AWSCURRENT, the only version BatchGetSecretValue
	 * returns.
	 */
	boolean followsCurrentOnly() {
		return this.imports.stream().allMatch((tracked) -> TrackedImport.AWSCURRENT.equals(tracked.stage()));
	}

	/**
	 * Whether {@code id} (the id of an import, the secret's name, ARN or partial ARN)
	 * names this secret.
	 */
	boolean isNamedBy(String id) {
		for (TrackedImport tracked : this.imports) {
			if (tracked.secretImport().getSecretId().equals(id)) {
				return true;
			}
		}
		SecretValue version = loadedVersion();
		return version != null && isNamedBy(id, version.name(), version.arn());
	}

	/** Whether a secret answered as {@code name} and {@code arn} is this one. */
	boolean isAnsweredAs(String name, String arn) {
		SecretValue version = loadedVersion();
		return (arn != null && version != null && arn.equals(version.arn())) || isNamedBy(this.secretId, name, arn);
	}

	/**
	 * A version in force, or {@code null} while the secret was never loaded (an optional
	 * import).
	 */
	private @Nullable SecretValue loadedVersion() {
		for (TrackedImport tracked : this.imports) {
			SecretValue version = tracked.source().getVersion();
			if (version != null) {
				return version;
			}
		}
		return null;
	}

	private static boolean isNamedBy(String id, String name, String arn) {
		// A partial ARN lacks the six random characters and the dash that Secrets Manager
		// appends.
		return id.equals(name) || id.equals(arn)
				|| (arn != null && arn.length() == id.length() + 7 && arn.startsWith(id));
	}

	@Nullable SecretDescription description() {
		return this.description;
	}

	void described(SecretDescription description) {
		// Only the secret's one check in flight describes it: no concurrent update.
		this.description = description.following(this.description);
	}

	/** Sets the first check one wait after the values were loaded. */
	synchronized void scheduleFirstCheck(Instant at) {
		this.imports.forEach((tracked) -> tracked.nextCheck(at));
	}

	/** When the secret is next due: when its first import is. */
	synchronized @Nullable Instant nextCheck() {
		Instant next = null;
		for (TrackedImport tracked : this.imports) {
			if (tracked.nextCheck() == null) {
				return null;
			}
			next = (next == null || tracked.nextCheck().isBefore(next)) ? tracked.nextCheck() : next;
		}
		return next;
	}

	/**
	 * Reserves the secret for a periodic check of the imports that are due (within
	 * {@code tolerance}, because checks happen only on cycles), unless something else is
	 * checking it.
	 */
	synchronized boolean reserveIfDue(Instant now, Duration tolerance) {
		if (this.checking || isForcedPending()) {
			return false;
		}
		Instant latest = now.plus(tolerance);
		List<TrackedImport> due = this.imports.stream()
			.filter((tracked) -> tracked.nextCheck() == null || !tracked.nextCheck().isAfter(latest))
			.toList();
		if (due.isEmpty()) {
			return false;
		}
		reserve(due);
		return true;
	}

	/** The imports the check in flight is for. */
	synchronized List<TrackedImport> importsInCheck() {
		return this.inCheck;
	}

	/**
	 * Whether the last check failed because Secrets Manager could not be reached (server
	 * errors, timeouts, connection failures), as during an outage.
	 */
	synchronized boolean isUnreachable() {
		return this.lastError == SecretErrorKind.UNAVAILABLE;
	}

	synchronized boolean isChecking() {
		return this.checking;
	}

	/**
	 * Reserves the secret for a check before it is due, unless a check of it runs or
	 * waits.
	 * @return whether it was reserved
	 */
	synchronized boolean reserveIfIdle() {
		if (this.checking || isForcedPending()) {
			return false;
		}
		reserve();
		return true;
	}

	/**
	 * Makes an unreachable secret due at {@code at}, once Secrets Manager answers again.
	 * @return whether it was unreachable and not being checked
	 */
	synchronized boolean bringForwardIfUnreachable(Instant at) {
		if (this.checking || this.lastError != SecretErrorKind.UNAVAILABLE) {
			return false;
		}
		this.imports.forEach((tracked) -> tracked.nextCheck(at));
		return true;
	}

	/**
	 * Reserves the secret for a check of all its imports; callers make sure no other
	 * check runs.
	 */
	synchronized void reserve() {
		reserve(this.imports);
	}

	/**
	 * Reserves the secret for the check of its forced refresh; callers make sure no other
	 * check runs.
	 */
	synchronized void reserveForced() {
		this.forcedStarted = true;
		reserve(this.imports);
	}

	private void reserve(List<TrackedImport> imports) {
		this.checking = true;
		this.inCheck = imports;
		this.idle = new CompletableFuture<>();
	}

	/**
	 * The forced refresh that callers arriving now get: the one in flight, or the last
	 * one such callers started while it is more recent than {@code minSpacing}; otherwise
	 * a new one, which callers share until it completes.
	 */
	// lastForcedAt is set with forced.
	@SuppressWarnings("NullAway")
	synchronized ForcedRefresh forcedRefresh(Instant now, Duration minSpacing) {
		if (this.forced != null
				&& (isForcedPending() || (this.lastForcedSpaced && now.isBefore(this.lastForcedAt.plus(minSpacing))))) {
			return new ForcedRefresh(this.forced, null, false);
		}
		return newForcedRefresh(now, true);
	}

	/**
	 * The forced refresh that reads the secret after this call: the one in flight only
	 * while its check has not started, otherwise a new one, checked once the one in
	 * flight is done. The spacing does not apply.
	 */
	// A pending forced refresh exists.
	@SuppressWarnings("NullAway")
	synchronized ForcedRefresh forcedRefreshAfterNow(Instant now) {
		if (isForcedPending() && !this.forcedStarted) {
			return new ForcedRefresh(this.forced, null, false);
		}
		return newForcedRefresh(now, false);
	}

	private ForcedRefresh newForcedRefresh(Instant now, boolean spaced) {
		this.forced = new CompletableFuture<>();
		this.forcedStarted = false;
		this.lastForcedAt = now;
		this.lastForcedSpaced = spaced;
		// A check in flight, periodic or forced, finishes first: checks never overlap.
		return new ForcedRefresh(this.forced, this.idle, true);
	}

	/** Whether an import that follows AWSCURRENT holds version {@code versionId}. */
	boolean holdsCurrent(String versionId) {
		return this.imports.stream()
			.anyMatch((tracked) -> TrackedImport.AWSCURRENT.equals(tracked.stage())
					&& versionId.equals(tracked.versionIdInUse()));
	}

	/**
	 * Records the end of a check and sets the next check of each import it was for: one
	 * interval on, sooner while a rotation is under way, or later after failures of that
	 * import. The imports' counts of failures were updated before.
	 */
	synchronized Finished finished(SecretOutcome outcome, Backoff backoff) {
		SecretErrorKind previousError = this.lastError;
		try {
			ImportOutcome failure = outcome.firstFailure();
			this.lastError = (failure != null) ? failure.error() : null;
			// Any answer but throttling tells that Secrets Manager can be reached again.
			boolean reachedAgain = previousError == SecretErrorKind.UNAVAILABLE
					&& this.lastError != SecretErrorKind.UNAVAILABLE && this.lastError != SecretErrorKind.THROTTLED;
			Duration interval = isRotating(this.description, outcome.checkedAt()) ? backoff.duringRotation()
					: backoff.interval();
			int previousFailures = 0;
			int consecutiveFailures = 0;
			boolean warn = false;
			Duration failedWait = null;
			for (ImportOutcome imported : outcome.imports()) {
				TrackedImport tracked = imported.trackedImport();
				if (!imported.failed()) {
					previousFailures = Math.max(previousFailures, tracked.previousFailures());
					tracked.warnedStep(0);
					tracked.nextCheck(outcome.checkedAt().plus(interval));
					continue;
				}
				int failures = tracked.consecutiveFailures();
				previousFailures = Math.max(previousFailures, tracked.previousFailures());
				consecutiveFailures = Math.max(consecutiveFailures, failures);
				Duration wait = backoff.afterFailures(failures);
				tracked.nextCheck(outcome.checkedAt().plus(wait));
				// One WARN per backoff step: the wait grows with each failure up to the
				// maximum,
				// then an import that keeps failing is only logged at DEBUG.
				int step = backoff.step(failures);
				warn |= step > tracked.warnedStep();
				tracked.warnedStep(Math.max(step, tracked.warnedStep()));
				if (imported == failure) {
					failedWait = wait;
				}
			}
			return new Finished(previousFailures, consecutiveFailures, warn,
					(failedWait != null) ? failedWait : interval, reachedAgain);
		}
		finally {
			this.checking = false;
			this.inCheck = this.imports;
			this.idle.complete(null);
		}
	}

	/**
	 * Whether a rotation looks under way: AWSPENDING on a version other than AWSCURRENT,
	 * seen for less than the longest a rotation function can run (a Lambda's 15 minutes).
	 * Longer, the rotation is stuck, and checking it often would only cost requests.
	 */
	private static boolean isRotating(@Nullable SecretDescription description, Instant now) {
		return description != null && description.pendingVersionId() != null && description.pendingSince() != null
				&& now.isBefore(description.pendingSince().plus(LONGEST_ROTATION));
	}

	/** Fails a forced refresh still waiting, when the refresher stops. */
	// A pending forced refresh exists.
	@SuppressWarnings("NullAway")
	synchronized void cancelForcedRefresh() {
		if (isForcedPending()) {
			this.forced.completeExceptionally(new CancellationException("The secrets refresher stopped"));
		}
		this.checking = false;
		this.inCheck = this.imports;
		this.idle.complete(null);
	}

	private boolean isForcedPending() {
		return this.forced != null && !this.forced.isDone();
	}

	List<SecretRefreshState> snapshot() {
		List<Instant> next;
		synchronized (this) {
			next = this.imports.stream().map(TrackedImport::nextCheck).toList();
		}
		SecretDescription current = this.description;
		List<SecretRefreshState> states = new java.util.ArrayList<>();
		for (int i = 0; i < this.imports.size(); i++) {
			states.add(this.imports.get(i).snapshot(next.get(i), current));
		}
		return states;
	}

	/**
	 * A forced refresh.
	 *
	 * @param result its result, which callers share
	 * @param idle completes when a check in flight is done, so that checks never overlap;
	 * {@code null} unless {@code started}
	 * @param started whether this call started it
	 */
	record ForcedRefresh(CompletableFuture<RefreshResult> result, @Nullable CompletableFuture<Void> idle,
			boolean started) {

	}

	/**
	 * The end of a check.
	 *
	 * @param previousFailures failures in a row before this check
	 * @param consecutiveFailures failures in a row after it
	 * @param warn whether the failure reached a new backoff step, which is logged at WARN
	 * @param nextWait the wait until the next check
	 * @param reachedAgain whether Secrets Manager answered this check (with the values or
	 * with an error of the secret's own) after failing the last one because it could not
	 * be reached
	 */
	record Finished(int previousFailures, int consecutiveFailures, boolean warn, Duration nextWait,
			boolean reachedAgain) {

	}

}
