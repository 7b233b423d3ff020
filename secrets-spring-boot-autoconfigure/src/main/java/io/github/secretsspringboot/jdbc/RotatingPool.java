package io.github.secretsspringboot.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.jdbc.CredentialGenerations.Generation;
import io.github.secretsspringboot.jdbc.SecretsDataSourceState.DataSourceState;
import io.github.secretsspringboot.jdbc.StagedFallback.Fallback;
import io.github.secretsspringboot.jdbc.StagedFallback.StagedCredentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One HikariCP pool whose credentials a secret holds: puts the secret's credentials in
 * force and tells what the pool has been through. A swap sets the new credentials on the
 * pool ({@code HikariConfigMXBean.setCredentials}, one atomic step) and soft-evicts the
 * pooled connections ({@link PoolEviction}), so that connections in use finish their work
 * and every new one logs in with the new credentials.
 * <p>
 * A physical connection being opened while the credentials are swapped would otherwise
 * join the pool with the old ones, after the eviction. The pool's connection-creation
 * DataSource ({@link CredentialsAwareDataSource}) hands a connection to HikariCP only if
 * the generation it was opened with is still in force, checked under the same lock as the
 * swap ({@link CredentialGenerations}, {@link #handOff}): a connection opened across a
 * swap is closed and opened again.
 * <p>
 * One handed over just before a swap can still be on its way into the pool (HikariCP sets
 * it up on the thread that opened it, then adds it) when the eviction runs, and would
 * escape it. Each connection handed over is therefore a {@link TaggedConnection}, tracked
 * ({@link InFlightConnections}) until the pool knows for certain that it has landed: it
 * is used by another thread or returned, its opening thread (HikariCP's connection adder,
 * which opens connections one at a time) starts opening the next one or has ended, or,
 * for the connection HikariCP opens while starting the pool, the pool has started. A swap
 * evicts once more when a connection of an earlier generation that had not landed at its
 * eviction lands. None of this depends on how long anything takes;
 * {@link HikariThreadingCheck} checks at startup that HikariCP behaves so.
 * <p>
 * While the database rejects the credentials in force, staged credentials that log in
 * serve new connections ({@link StagedFallback}).
 *
 * @author secrets-spring-boot
 */
final class RotatingPool {

	private static final Log logger = LogFactory.getLog(RotatingPool.class);

	private final String beanName;

	private final HikariDataSource hikari;

	private final CredentialSource source;

	private final DatabaseKind databaseKind;

	private final Duration retryBudget;

	private final CredentialGenerations generations;

	/** Guarded by the lock of {@link #generations}. */
	private final InFlightConnections inFlight = new InFlightConnections();

	/** Guarded by the lock of {@link #generations}. */
	private final StagedFallback stagedFallback = new StagedFallback();

	private final PoolEviction eviction;

	private volatile long warnedGeneration = -1;

	private volatile boolean connectionCreationWrapped;

	private final LongAdder credentialSwaps = new LongAdder();

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
		this.generations = new CredentialGenerations(initial);
		this.eviction = new PoolEviction(beanName, hikari, this.generations, this.inFlight);
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
		return this.generations.current();
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
		AtomicBoolean awaiting = new AtomicBoolean();
		Generation next = this.generations.swap(credentials, (generation) -> {
			this.hikari.getHikariConfigMXBean().setCredentials(credentials.toHikari());
			this.stagedFallback.clear();
			// Before the eviction: every connection known to have landed by now is in the
			// pool when it runs, and is evicted by it (an earlier swap's included).
			this.inFlight.forgetLanded(this.eviction.isPoolStarted());
			awaiting.set(this.inFlight.evicting());
		});
		if (next == null) {
			return false;
		}
		this.credentialSwaps.increment();
		boolean evicted = this.eviction.evict();
		logger.info("DataSource '" + this.beanName + "' now uses the credentials of " + this.source + " (" + reason
				+ ", credential generation " + next.number() + ")"
				+ (evicted ? "; pooled connections were soft-evicted" : "; its pool has not started"));
		if (awaiting.get()) {
			this.eviction.scheduleLandingCheck();
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
		return this.generations.ifCurrent(used, () -> {
			// HikariCP opens a connection while it starts the pool holding the lock of
			// its HikariDataSource, and only then.
			TaggedConnection tagged = new TaggedConnection(connection, this, used.number(), Thread.currentThread(),
					Thread.holdsLock(this.hikari));
			this.inFlight.handedOver(tagged);
			return tagged;
		});
	}

	/**
	 * Called when HikariCP asks for a new connection. A thread opens connections for
	 * HikariCP one at a time, each added to the pool before the next is asked for, so the
	 * ones this thread handed over before are in the pool now.
	 */
	void creationStarting() {
		Thread current = Thread.currentThread();
		if (this.generations.locked(() -> this.inFlight.openerStarting(current))) {
			this.eviction.evictAgain();
		}
	}

	/** {@code connection} is in the pool: used by another thread, or returned. */
	void landed(TaggedConnection connection) {
		if (this.generations.locked(() -> this.inFlight.landed(connection))) {
			this.eviction.evictAgain();
		}
	}

	/** {@code connection} is closed: it needs no eviction. */
	void closed(TaggedConnection connection) {
		this.generations.locked(() -> this.inFlight.closed(connection));
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
		return this.generations.locked(() -> this.stagedFallback.of(current.number()));
	}

	/**
	 * Staged credentials logged in while those of {@code current} are rejected.
	 * @return whether they are new fallback credentials of the generation in force
	 */
	boolean fallbackConnected(Generation current, String stage, DatabaseCredentials credentials,
			@Nullable String versionId) {
		Boolean first = this.generations.ifCurrent(current,
				() -> this.stagedFallback.connected(current.number(), stage, credentials, versionId));
		if (first == null) {
			return false;
		}
		fallbackUsed(stage);
		if (first) {
			logger
				.info("DataSource '" + this.beanName + "' opened a connection with the " + stage + " version "
						+ versionId + " of " + this.source + ", as the database rejects the credentials in force"
						+ (StagedFallback.AWSPENDING.equals(stage)
								? " (a rotation is between setSecret and finishSecret)" : "")
						+ "; they serve new connections until the secret changes, and are not stored");
		}
		return first;
	}

	void fallbackUsed(String stage) {
		if (StagedFallback.AWSPENDING.equals(stage)) {
			this.pendingFallbacks.increment();
		}
	}

	/** Forgets staged credentials that were rejected in turn. */
	void fallbackRejected(Generation current) {
		this.generations.locked(() -> this.stagedFallback.rejected(current.number()));
	}

	/**
	 * The credentials the version with {@code stage} holds, looked up at most once every
	 * two seconds whatever the answer, so that a pool failing to log in does not flood
	 * Secrets Manager.
	 */
	StagedCredentials staged(String stage, Supplier<StagedCredentials> lookup) {
		long now = System.nanoTime();
		Optional<StagedCredentials> known = this.generations.locked(() -> this.stagedFallback.recentLookup(stage, now));
		if (known.isPresent()) {
			return known.get();
		}
		Generation before = this.generations.current();
		StagedCredentials result = lookup.get();
		this.generations.ifCurrent(before, () -> {
			this.stagedFallback.looked(stage, System.nanoTime(), result);
			return result;
		});
		return result;
	}

	/**
	 * Waits until another generation comes into force, at most {@code waitNanos}.
	 * @return whether it did
	 */
	boolean awaitSwap(Generation current, long waitNanos) throws InterruptedException {
		return this.generations.awaitSwap(current, waitNanos);
	}

	DataSourceState state() {
		return new DataSourceState(this.beanName, this.source.secretId(), this.databaseKind,
				this.generations.current().number(), this.connectionCreationWrapped, this.credentialSwaps.sum(),
				this.eviction.softEvictions(), this.authenticationFailures.sum(), this.pendingFallbacks.sum(),
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
		return "RotatingPool[" + this.beanName + ", " + this.source + ", generation "
				+ this.generations.current().number() + "]";
	}

}
