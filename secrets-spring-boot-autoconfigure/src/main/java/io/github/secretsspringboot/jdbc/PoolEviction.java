package io.github.secretsspringboot.jdbc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Soft-evicts a pool's connections through {@link HikariPoolMXBean}, so that those in use
 * finish their work and every new one logs in with the new credentials; and evicts again
 * when a connection of an earlier generation that was on its way into the pool at the
 * eviction lands, looking at such connections every 100 ms until each has landed or
 * closed. An eviction asked of a pool still starting is made once it has started.
 *
 * @author secrets-spring-boot
 */
final class PoolEviction {

	private static final Log logger = LogFactory.getLog(PoolEviction.class);

	/**
	 * How often connections of an earlier generation on their way into the pool are
	 * looked at.
	 */
	private static final long LANDING_CHECK_INTERVAL_MILLIS = 100;

	private final String beanName;

	private final HikariDataSource hikari;

	private final CredentialGenerations generations;

	private final InFlightConnections inFlight;

	private final LongAdder softEvictions = new LongAdder();

	/** Whether an eviction waits for the pool to start; guarded by the lock. */
	private boolean evictionOwed;

	/** Whether a landing check is scheduled; guarded by the lock. */
	private boolean landingCheckScheduled;

	PoolEviction(String beanName, HikariDataSource hikari, CredentialGenerations generations,
			InFlightConnections inFlight) {
		this.beanName = beanName;
		this.hikari = hikari;
		this.generations = generations;
		this.inFlight = inFlight;
	}

	boolean isPoolStarted() {
		return this.hikari.getHikariPoolMXBean() != null;
	}

	/**
	 * Soft-evicts the pooled connections.
	 * @return whether it did: {@code false} when the pool has not started or is closed
	 */
	boolean evict() {
		HikariPoolMXBean pool = this.hikari.getHikariPoolMXBean();
		if (pool == null || this.hikari.isClosed()) {
			return false;
		}
		pool.softEvictConnections();
		this.softEvictions.increment();
		return true;
	}

	/**
	 * Evicts again, as a connection opened with the previous credentials joined the pool
	 * after the eviction.
	 */
	void evictAgain() {
		logger.debug("DataSource '" + this.beanName + "': evicting pooled connections again, as a connection "
				+ "opened with the previous credentials joined the pool after the eviction");
		if (!evict() && !this.hikari.isClosed()) {
			// Still starting: evicted once it has started.
			this.generations.locked(() -> {
				this.evictionOwed = true;
			});
			scheduleLandingCheck();
		}
	}

	/** Looks, soon, at the connections of an earlier generation not in the pool yet. */
	void scheduleLandingCheck() {
		boolean schedule = this.generations.locked(() -> {
			if (this.landingCheckScheduled) {
				return false;
			}
			this.landingCheckScheduled = true;
			return true;
		});
		if (schedule) {
			CompletableFuture.delayedExecutor(LANDING_CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS)
				.execute(this::checkLanding);
		}
	}

	/**
	 * Looks again at the connections of an earlier generation on their way into the pool,
	 * until each has landed or closed.
	 */
	private void checkLanding() {
		LandingCheck check = this.generations.locked(() -> {
			this.landingCheckScheduled = false;
			if (this.hikari.isClosed()) {
				this.inFlight.clear();
				this.evictionOwed = false;
				return null;
			}
			return new LandingCheck(this.inFlight.forgetLanded(isPoolStarted()),
					this.inFlight.isAwaitingLanding() || this.evictionOwed);
		});
		if (check == null) {
			return;
		}
		if (check.evict()) {
			evictAgain();
		}
		else {
			retryOwedEviction();
		}
		if (check.again()) {
			scheduleLandingCheck();
		}
	}

	private void retryOwedEviction() {
		boolean owed = this.generations.locked(() -> {
			if (!this.evictionOwed || !isPoolStarted()) {
				return false;
			}
			this.evictionOwed = false;
			return true;
		});
		if (owed) {
			evict();
		}
	}

	long softEvictions() {
		return this.softEvictions.sum();
	}

	private record LandingCheck(boolean evict, boolean again) {

	}

}
