package io.github.secretsspringboot.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.secretsspringboot.jdbc.SecretsDataSourceState.DataSourceState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The credentials of one HikariCP pool whose credentials a secret holds, numbered by
 * generation, and what the pool has been through. A swap sets the new credentials on the
 * pool ({@code HikariConfigMXBean.setCredentials}, one atomic step) and soft-evicts the
 * pooled connections, so that connections in use finish their work and every new one logs
 * in with the new credentials.
 * <p>
 * A physical connection being opened while the credentials are swapped would otherwise
 * join the pool with the old ones, after the eviction. The pool's connection-creation
 * DataSource ({@link CredentialsAwareDataSource}) hands a connection to HikariCP only if
 * the generation it was opened with is still in force, checked under the same lock as the
 * swap ({@link #handOff}): a connection opened across a swap is closed and opened again.
 * One handed over just before a swap can still be on its way into the pool (HikariCP sets
 * it up, then adds it) when the eviction runs; the swap sees that hand-over and evicts
 * again once it has landed: when HikariCP's connection-adder thread, which opens
 * connections one at a time, starts its next one, or after a grace period.
 *
 * @author secrets-spring-boot
 */
final class RotatingPool {

	private static final Log logger = LogFactory.getLog(RotatingPool.class);

	static final String AWSCURRENT = "AWSCURRENT";

	static final String AWSPENDING = "AWSPENDING";

	/** Lookups of a staged version, found or not, are reused for this long. */
	private static final long STAGED_LOOKUP_REUSE_NANOS = TimeUnit.SECONDS.toNanos(2);

	private final String beanName;

	private final HikariDataSource hikari;

	private final CredentialSource source;

	private final DatabaseKind databaseKind;

	private final Duration retryBudget;

	private final Object lock = new Object();

	private volatile Generation generation;

	/** The last connection handed to HikariCP; guarded by {@link #lock}. */
	private Handoff lastHandoff;

	/** Credentials of a staged version that logged in while the current ones are rejected. */
	private Fallback fallback;

	private final Map<String, StagedLookup> stagedLookups = new HashMap<>();

	private final AtomicBoolean evictAgain = new AtomicBoolean();

	private volatile long warnedGeneration = -1;

	private volatile boolean connectionCreationWrapped;

	private final LongAdder credentialSwaps = new LongAdder();

	private final LongAdder softEvictions = new LongAdder();

	private final LongAdder authenticationFailures = new LongAdder();

	private final LongAdder pendingFallbacks = new LongAdder();

	private final LongAdder forcedRefreshes = new LongAdder();

	RotatingPool(String beanName, HikariDataSource hikari, CredentialSource source, DatabaseKind databaseKind,
			Duration retryBudget, DatabaseCredentials initial) {
		this.beanName = beanName;
		this.hikari = hikari;
		this.source = source;
		this.databaseKind = databaseKind;
		this.retryBudget = retryBudget;
		this.generation = new Generation(1, initial);
	}

	String beanName() {
		return this.beanName;
	}

	HikariDataSource hikari() {
		return this.hikari;
	}

	CredentialSource source() {
		return this.source;
	}

	DatabaseKind databaseKind() {
		return this.databaseKind;
	}

	Generation generation() {
		return this.generation;
	}

	void connectionCreationWrapped() {
		this.connectionCreationWrapped = true;
	}

	/**
	 * How long one connection may spend recovering from rejected credentials: the
	 * configured budget, and at most half the pool's connectionTimeout, so that HikariCP can
	 * still try again before a caller waiting for a connection gives up.
	 */
	long retryBudgetNanos() {
		long half = TimeUnit.MILLISECONDS.toNanos(this.hikari.getConnectionTimeout()) / 2;
		return Math.max(0, Math.min(this.retryBudget.toNanos(), half));
	}

	/** Puts the secret's credentials, as the environment holds them now, in force. */
	void secretChanged(String versionId) {
		Optional<DatabaseCredentials> credentials = this.source.current();
		if (credentials.isEmpty()) {
			logger.warn("DataSource '" + this.beanName + "' keeps its credentials: version " + versionId + " of "
					+ this.source + " holds none that can be read");
			return;
		}
		apply(credentials.get(), "version " + versionId);
	}

	/**
	 * Swaps the credentials and soft-evicts the pooled connections, unless the credentials
	 * are the ones in force.
	 * @return whether the credentials changed
	 */
	boolean apply(DatabaseCredentials credentials, String reason) {
		Generation next;
		Handoff inTransit;
		synchronized (this.lock) {
			if (credentials.equals(this.generation.credentials())) {
				return false;
			}
			next = new Generation(this.generation.number() + 1, credentials);
			this.hikari.getHikariConfigMXBean().setCredentials(credentials.toHikari());
			this.generation = next;
			this.fallback = null;
			this.stagedLookups.clear();
			inTransit = this.lastHandoff;
			// Wakes connection attempts waiting to try again.
			this.lock.notifyAll();
		}
		this.credentialSwaps.increment();
		boolean evicted = softEvict();
		logger.info("DataSource '" + this.beanName + "' now uses the credentials of " + this.source + " (" + reason
				+ ", credential generation " + next.number() + ")"
				+ (evicted ? "; pooled connections were soft-evicted" : "; its pool has not started"));
		if (inTransit != null && inTransit.generation() < next.number() && inTransit.thread().isAlive()
				&& System.nanoTime() - inTransit.atNanos() < landingGraceNanos()) {
			// Possibly not in the pool yet. When it is, this evicts connections opened since
			// the swap as well: a little churn, rather than a connection with old credentials
			// living until max-lifetime.
			this.evictAgain.set(true);
			CompletableFuture.delayedExecutor(landingGraceNanos(), TimeUnit.NANOSECONDS)
				.execute(() -> evictAgain("a connection opened with the previous credentials may have joined the "
						+ "pool after the eviction"));
		}
		return true;
	}

	/**
	 * Records that a connection opened with {@code used} is handed to HikariCP, unless
	 * another generation came into force meanwhile.
	 * @return {@code false} when the connection must be closed and opened again
	 */
	boolean handOff(Generation used) {
		synchronized (this.lock) {
			if (this.generation.number() != used.number()) {
				return false;
			}
			this.lastHandoff = new Handoff(used.number(), System.nanoTime(), Thread.currentThread());
			return true;
		}
	}

	/**
	 * Called when HikariCP asks for a new connection. Its connection adder opens
	 * connections one at a time, so the last connection it handed over is in the pool now:
	 * if that one predates a swap, it is evicted.
	 */
	void creationStarting() {
		boolean landed;
		synchronized (this.lock) {
			landed = this.lastHandoff != null && this.lastHandoff.thread() == Thread.currentThread();
			if (landed) {
				this.lastHandoff = null;
			}
		}
		if (landed && this.evictAgain.get()) {
			evictAgain("a connection opened with the previous credentials joined the pool after the eviction");
		}
	}

	private void evictAgain(String why) {
		if (!this.evictAgain.compareAndSet(true, false)) {
			return;
		}
		if (this.hikari.isClosed()) {
			return;
		}
		if (this.hikari.getHikariPoolMXBean() == null) {
			// Still starting: try once the grace period has passed again.
			this.evictAgain.set(true);
			CompletableFuture.delayedExecutor(landingGraceNanos(), TimeUnit.NANOSECONDS).execute(() -> evictAgain(why));
			return;
		}
		logger.debug("DataSource '" + this.beanName + "': evicting pooled connections again, as " + why);
		softEvict();
	}

	private boolean softEvict() {
		HikariPoolMXBean pool = this.hikari.getHikariPoolMXBean();
		if (pool == null || this.hikari.isClosed()) {
			return false;
		}
		pool.softEvictConnections();
		this.softEvictions.increment();
		return true;
	}

	/**
	 * Bounds HikariCP's set-up of a new connection, between its creation and the pool: each
	 * of its calls on the connection is bounded by the validation timeout.
	 */
	private long landingGraceNanos() {
		return TimeUnit.MILLISECONDS.toNanos(Math.max(1000, this.hikari.getValidationTimeout()));
	}

	boolean isAuthenticationFailure(SQLException failure) {
		return AuthenticationFailures.isAuthenticationFailure(failure, this.databaseKind);
	}

	/** Counts and logs a rejected login: at WARN once per generation, at DEBUG after that. */
	void authenticationFailed(SQLException failure, Generation used, String stage) {
		this.authenticationFailures.increment();
		String what = (stage != null) ? "the " + stage + " credentials of " + this.source
				: "the credentials of " + this.source;
		String message = "DataSource '" + this.beanName + "': " + this.databaseKind + " rejected " + what + " (SQLState "
				+ failure.getSQLState() + ", error code " + failure.getErrorCode() + ")";
		if (stage == null && this.warnedGeneration != used.number()) {
			this.warnedGeneration = used.number();
			logger.warn(message + "; fetching the secret again, as it has probably been rotated");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message);
		}
	}

	/** Counts a forced refresh asked of the refresher. */
	void forcedRefresh() {
		this.forcedRefreshes.increment();
	}

	/** Staged credentials that already logged in under {@code current}, if any. */
	Optional<Fallback> fallback(Generation current) {
		synchronized (this.lock) {
			Fallback known = this.fallback;
			return (known != null && known.generation() == current.number()) ? Optional.of(known) : Optional.empty();
		}
	}

	/** Staged credentials logged in while those of {@code current} are rejected. */
	void fallbackConnected(Generation current, String stage, DatabaseCredentials credentials, String versionId) {
		boolean first;
		synchronized (this.lock) {
			if (this.generation.number() != current.number()) {
				return;
			}
			first = this.fallback == null || !this.fallback.credentials().equals(credentials);
			this.fallback = new Fallback(current.number(), stage, credentials, versionId);
		}
		fallbackUsed(stage);
		if (first) {
			logger.info("DataSource '" + this.beanName + "' opened a connection with the " + stage + " version "
					+ versionId + " of " + this.source + ", as the database rejects the credentials in force"
					+ (AWSPENDING.equals(stage) ? " (a rotation is between setSecret and finishSecret)" : "")
					+ "; they serve new connections until the secret changes, and are not stored");
		}
	}

	void fallbackUsed(String stage) {
		if (AWSPENDING.equals(stage)) {
			this.pendingFallbacks.increment();
		}
	}

	/** Forgets staged credentials that were rejected in turn. */
	void fallbackRejected(Generation current) {
		synchronized (this.lock) {
			if (this.fallback != null && this.fallback.generation() == current.number()) {
				this.fallback = null;
				this.stagedLookups.clear();
			}
		}
	}

	/**
	 * The credentials the version with {@code stage} holds, looked up at most once every two
	 * seconds whatever the answer, so that a pool failing to log in does not flood Secrets
	 * Manager.
	 */
	StagedCredentials staged(String stage, Supplier<StagedCredentials> lookup) {
		long now = System.nanoTime();
		synchronized (this.lock) {
			StagedLookup known = this.stagedLookups.get(stage);
			if (known != null && now - known.atNanos() < STAGED_LOOKUP_REUSE_NANOS) {
				return known.result();
			}
		}
		Generation before = this.generation;
		StagedCredentials result = lookup.get();
		synchronized (this.lock) {
			if (this.generation.number() == before.number()) {
				this.stagedLookups.put(stage, new StagedLookup(System.nanoTime(), result));
			}
		}
		return result;
	}

	/**
	 * Waits until another generation comes into force, at most {@code waitNanos}.
	 * @return whether it did
	 */
	boolean awaitSwap(Generation current, long waitNanos) throws InterruptedException {
		long deadline = System.nanoTime() + waitNanos;
		synchronized (this.lock) {
			while (this.generation.number() == current.number()) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.lock, remaining);
			}
			return true;
		}
	}

	DataSourceState state() {
		return new DataSourceState(this.beanName, this.source.secretId(), this.databaseKind,
				this.generation.number(), this.connectionCreationWrapped, this.credentialSwaps.sum(),
				this.softEvictions.sum(), this.authenticationFailures.sum(), this.pendingFallbacks.sum(),
				this.forcedRefreshes.sum());
	}

	void addAuthenticationFailuresTo(EnumMap<DatabaseKind, Long> byKind) {
		long failures = this.authenticationFailures.sum();
		if (failures > 0) {
			byKind.merge(this.databaseKind, failures, Long::sum);
		}
	}

	@Override
	public String toString() {
		return "RotatingPool[" + this.beanName + ", " + this.source + ", generation " + this.generation.number() + "]";
	}

	/**
	 * Credentials in force, numbered from 1 at startup.
	 *
	 * @param number increases by one with every swap
	 * @param credentials the credentials
	 */
	record Generation(long number, DatabaseCredentials credentials) {

	}

	/**
	 * A connection handed to HikariCP.
	 *
	 * @param generation the generation it was opened under
	 * @param atNanos when
	 * @param thread the thread that opened it
	 */
	record Handoff(long generation, long atNanos, Thread thread) {

	}

	/**
	 * Staged credentials that logged in under a generation whose credentials the database
	 * rejects.
	 */
	record Fallback(long generation, String stage, DatabaseCredentials credentials, String versionId) {

	}

	/**
	 * What a staged version holds.
	 *
	 * @param credentials its credentials, or {@code null} when there is no such version or
	 * it could not be read
	 * @param versionId its version id, or {@code null}
	 */
	record StagedCredentials(DatabaseCredentials credentials, String versionId) {

		static final StagedCredentials NONE = new StagedCredentials(null, null);

	}

	private record StagedLookup(long atNanos, StagedCredentials result) {

	}

}
