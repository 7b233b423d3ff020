package io.github.secretsspringboot.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.secretsspringboot.jdbc.SecretsDataSourceState.DataSourceState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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
 * <p>
 * One handed over just before a swap can still be on its way into the pool (HikariCP sets
 * it up on the thread that opened it, then adds it) when the eviction runs, and would
 * escape it. Each connection handed over is therefore a {@link TaggedConnection}, tracked
 * until the pool knows for certain that it has landed: it is used by another thread or
 * returned, its opening thread (HikariCP's connection adder, which opens connections one
 * at a time) starts opening the next one or has ended, or, for the connection HikariCP
 * opens while starting the pool, the pool has started. A swap evicts once more when a
 * connection of an earlier generation that had not landed at its eviction lands. None of
 * this depends on how long anything takes.
 *
 * @author secrets-spring-boot
 */
final class RotatingPool {

	private static final Log logger = LogFactory.getLog(RotatingPool.class);

	static final String AWSCURRENT = "AWSCURRENT";

	static final String AWSPENDING = "AWSPENDING";

	/** Lookups of a staged version, found or not, are reused for this long. */
	private static final long STAGED_LOOKUP_REUSE_NANOS = TimeUnit.SECONDS.toNanos(2);

	/**
	 * How often connections of an earlier generation on their way into the pool are
	 * looked at.
	 */
	private static final long LANDING_CHECK_INTERVAL_MILLIS = 100;

	private final String beanName;

	private final HikariDataSource hikari;

	private final CredentialSource source;

	private final DatabaseKind databaseKind;

	private final Duration retryBudget;

	private final Object lock = new Object();

	private volatile Generation generation;

	/**
	 * Connections handed to HikariCP that may not be in the pool yet; guarded by
	 * {@link #lock}.
	 */
	private final Set<TaggedConnection> unlanded = new HashSet<>();

	/**
	 * Connections of an earlier generation that had not landed when their generation was
	 * evicted: the pool is evicted again when each lands. Guarded by {@link #lock}.
	 */
	private final Set<TaggedConnection> awaitingLanding = new HashSet<>();

	/** Whether an eviction waits for the pool to start; guarded by {@link #lock}. */
	private boolean evictionOwed;

	/** Whether a landing check is scheduled; guarded by {@link #lock}. */
	private boolean landingCheckScheduled;

	/**
	 * Credentials of a staged version that logged in while the current ones are rejected.
	 */
	private @Nullable Fallback fallback;

	private final Map<String, StagedLookup> stagedLookups = new HashMap<>();

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
	 * configured budget, and at most half the pool's connectionTimeout, so that HikariCP
	 * can still try again before a caller waiting for a connection gives up.
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
	 * Swaps the credentials and soft-evicts the pooled connections, unless the
	 * credentials are the ones in force.
	 * @return whether the credentials changed
	 */
	boolean apply(DatabaseCredentials credentials, String reason) {
		Generation next;
		boolean awaiting;
		synchronized (this.lock) {
			if (credentials.equals(this.generation.credentials())) {
				return false;
			}
			next = new Generation(this.generation.number() + 1, credentials);
			this.hikari.getHikariConfigMXBean().setCredentials(credentials.toHikari());
			this.generation = next;
			this.fallback = null;
			this.stagedLookups.clear();
			// Before the eviction: every connection known to have landed by now is in the
			// pool when it runs, and is evicted by it (an earlier swap's included).
			forgetLanded();
			this.awaitingLanding.addAll(this.unlanded);
			awaiting = !this.awaitingLanding.isEmpty();
			// Wakes connection attempts waiting to try again.
			this.lock.notifyAll();
		}
		this.credentialSwaps.increment();
		boolean evicted = softEvict();
		logger.info("DataSource '" + this.beanName + "' now uses the credentials of " + this.source + " (" + reason
				+ ", credential generation " + next.number() + ")"
				+ (evicted ? "; pooled connections were soft-evicted" : "; its pool has not started"));
		if (awaiting) {
			scheduleLandingCheck();
		}
		return true;
	}

	/**
	 * Hands a connection opened with {@code used} to HikariCP, unless another generation
	 * came into force meanwhile.
	 * @return the connection to give HikariCP, or {@code null} when it must be closed and
	 * opened again
	 */
	@Nullable TaggedConnection handOff(Generation used, Connection connection) {
		synchronized (this.lock) {
			if (this.generation.number() != used.number()) {
				return null;
			}
			// HikariCP opens a connection while it starts the pool holding the lock of
			// its
			// HikariDataSource, and only then.
			TaggedConnection tagged = new TaggedConnection(connection, this, used.number(), Thread.currentThread(),
					Thread.holdsLock(this.hikari));
			this.unlanded.add(tagged);
			return tagged;
		}
	}

	/**
	 * Called when HikariCP asks for a new connection. A thread opens connections for
	 * HikariCP one at a time, each added to the pool before the next is asked for, so the
	 * ones this thread handed over before are in the pool now.
	 */
	void creationStarting() {
		Thread current = Thread.currentThread();
		boolean evict = false;
		synchronized (this.lock) {
			for (Iterator<TaggedConnection> connections = this.unlanded.iterator(); connections.hasNext();) {
				TaggedConnection connection = connections.next();
				if (connection.opener() == current) {
					connections.remove();
					evict |= landedLocked(connection);
				}
			}
		}
		if (evict) {
			evictAgain();
		}
	}

	/** {@code connection} is in the pool: used by another thread, or returned. */
	void landed(TaggedConnection connection) {
		boolean evict;
		synchronized (this.lock) {
			this.unlanded.remove(connection);
			evict = landedLocked(connection);
		}
		if (evict) {
			evictAgain();
		}
	}

	/** {@code connection} is closed: it needs no eviction. */
	void closed(TaggedConnection connection) {
		synchronized (this.lock) {
			connection.markLanded();
			this.unlanded.remove(connection);
			this.awaitingLanding.remove(connection);
		}
	}

	/**
	 * @return whether the pool must be evicted again, as the connection predates an
	 * eviction
	 */
	private boolean landedLocked(TaggedConnection connection) {
		connection.markLanded();
		return this.awaitingLanding.remove(connection);
	}

	/**
	 * Forgets the connections known to have landed without a sign from HikariCP: the
	 * thread that opened them has ended, or the pool they were opened for while it
	 * started has started.
	 * @return whether the pool must be evicted again
	 */
	private boolean forgetLanded() {
		boolean started = this.hikari.getHikariPoolMXBean() != null;
		boolean evict = false;
		for (Iterator<TaggedConnection> connections = this.unlanded.iterator(); connections.hasNext();) {
			TaggedConnection connection = connections.next();
			if (!connection.opener().isAlive() || (connection.openedAtStartup() && started)) {
				connections.remove();
				evict |= landedLocked(connection);
			}
		}
		return evict;
	}

	private void scheduleLandingCheck() {
		synchronized (this.lock) {
			if (this.landingCheckScheduled) {
				return;
			}
			this.landingCheckScheduled = true;
		}
		CompletableFuture.delayedExecutor(LANDING_CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS)
			.execute(this::checkLanding);
	}

	/**
	 * Looks again at the connections of an earlier generation on their way into the pool,
	 * until each has landed or closed.
	 */
	private void checkLanding() {
		boolean evict;
		boolean again;
		synchronized (this.lock) {
			this.landingCheckScheduled = false;
			if (this.hikari.isClosed()) {
				this.unlanded.clear();
				this.awaitingLanding.clear();
				this.evictionOwed = false;
				return;
			}
			evict = forgetLanded();
			again = !this.awaitingLanding.isEmpty() || this.evictionOwed;
		}
		if (evict) {
			evictAgain();
		}
		else {
			retryOwedEviction();
		}
		if (again) {
			scheduleLandingCheck();
		}
	}

	private void evictAgain() {
		logger.debug("DataSource '" + this.beanName + "': evicting pooled connections again, as a connection "
				+ "opened with the previous credentials joined the pool after the eviction");
		if (!softEvict() && !this.hikari.isClosed()) {
			// Still starting: evicted once it has started.
			synchronized (this.lock) {
				this.evictionOwed = true;
			}
			scheduleLandingCheck();
		}
	}

	private void retryOwedEviction() {
		synchronized (this.lock) {
			if (!this.evictionOwed || this.hikari.getHikariPoolMXBean() == null) {
				return;
			}
			this.evictionOwed = false;
		}
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

	boolean isAuthenticationFailure(SQLException failure) {
		return AuthenticationFailures.isAuthenticationFailure(failure, this.databaseKind);
	}

	/**
	 * Counts and logs a rejected login: at WARN once per generation, at DEBUG after that.
	 */
	void authenticationFailed(SQLException failure, Generation used, @Nullable String stage) {
		this.authenticationFailures.increment();
		String what = (stage != null) ? "the " + stage + " credentials of " + this.source
				: "the credentials of " + this.source;
		String message = "DataSource '" + this.beanName + "': " + this.databaseKind + " rejected " + what
				+ " (SQLState " + failure.getSQLState() + ", error code " + failure.getErrorCode() + ")";
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

	/**
	 * Staged credentials logged in while those of {@code current} are rejected.
	 * @return whether they are new fallback credentials of the generation in force
	 */
	boolean fallbackConnected(Generation current, String stage, DatabaseCredentials credentials,
			@Nullable String versionId) {
		boolean first;
		synchronized (this.lock) {
			if (this.generation.number() != current.number()) {
				return false;
			}
			first = this.fallback == null || !this.fallback.credentials().equals(credentials)
					|| !this.fallback.stage().equals(stage);
			this.fallback = new Fallback(current.number(), stage, credentials, versionId);
		}
		fallbackUsed(stage);
		if (first) {
			logger.info("DataSource '" + this.beanName + "' opened a connection with the " + stage + " version "
					+ versionId + " of " + this.source + ", as the database rejects the credentials in force"
					+ (AWSPENDING.equals(stage) ? " (a rotation is between setSecret and finishSecret)" : "")
					+ "; they serve new connections until the secret changes, and are not stored");
		}
		return first;
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
	 * The credentials the version with {@code stage} holds, looked up at most once every
	 * two seconds whatever the answer, so that a pool failing to log in does not flood
	 * Secrets Manager.
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
		return new DataSourceState(this.beanName, this.source.secretId(), this.databaseKind, this.generation.number(),
				this.connectionCreationWrapped, this.credentialSwaps.sum(), this.softEvictions.sum(),
				this.authenticationFailures.sum(), this.pendingFallbacks.sum(), this.forcedRefreshes.sum());
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
	 * Staged credentials that logged in under a generation whose credentials the database
	 * rejects.
	 */
	record Fallback(long generation, String stage, DatabaseCredentials credentials, @Nullable String versionId) {

	}

	/**
	 * What a staged version holds.
	 *
	 * @param credentials its credentials, or {@code null} when there is no such version
	 * or it could not be read
	 * @param versionId its version id, or {@code null}
	 */
	record StagedCredentials(@Nullable DatabaseCredentials credentials, @Nullable String versionId) {

		static final StagedCredentials NONE = new StagedCredentials(null, null);

	}

	private record StagedLookup(long atNanos, StagedCredentials result) {

	}

}
