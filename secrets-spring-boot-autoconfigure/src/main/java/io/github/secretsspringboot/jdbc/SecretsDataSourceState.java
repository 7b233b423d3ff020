package io.github.secretsspringboot.jdbc;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The HikariCP pools whose credentials follow a secret, and what rotation has done to
 * them so far: counters for metrics and health checks. Holds no credentials.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public final class SecretsDataSourceState {

	private final List<RotatingPool> pools = new CopyOnWriteArrayList<>();

	SecretsDataSourceState() {
	}

	void register(RotatingPool pool) {
		this.pools.add(pool);
	}

	List<RotatingPool> pools() {
		return this.pools;
	}

	boolean isRegistered(HikariDataSource hikari) {
		return this.pools.stream().anyMatch((pool) -> pool.hikari() == hikari);
	}

	/**
	 * The state of each pool whose credentials follow a secret, in the order they were
	 * found.
	 */
	public List<DataSourceState> getDataSources() {
		return this.pools.stream().map(RotatingPool::state).toList();
	}

	/** Times a pool was given new credentials, across all pools. */
	public long getCredentialSwaps() {
		return sum(DataSourceState::credentialSwaps);
	}

	/** Soft evictions of all of a pool's connections, across all pools. */
	public long getSoftEvictions() {
		return sum(DataSourceState::softEvictions);
	}

	/**
	 * Physical connections opened with the AWSPENDING version's credentials, across all
	 * pools.
	 */
	public long getPendingFallbacks() {
		return sum(DataSourceState::pendingFallbacks);
	}

	/**
	 * Forced refreshes asked of the refresher after a rejected login, across all pools.
	 */
	public long getForcedRefreshes() {
		return sum(DataSourceState::forcedRefreshes);
	}

	/** Logins the database rejected, by kind of database. */
	public Map<DatabaseKind, Long> getAuthenticationFailures() {
		EnumMap<DatabaseKind, Long> byKind = new EnumMap<>(DatabaseKind.class);
		this.pools.forEach((pool) -> pool.addAuthenticationFailuresTo(byKind));
		return Collections.unmodifiableMap(byKind);
	}

	private long sum(ToLongFunction<DataSourceState> counter) {
		return getDataSources().stream().mapToLong(counter).sum();
	}

	@Override
	public String toString() {
		return "SecretsDataSourceState" + getDataSources();
	}

	/**
	 * One pool whose credentials follow a secret.
	 *
	 * @param beanName the name of its DataSource bean
	 * @param secretId the secret, as named in its import
	 * @param databaseKind the database, as told by the JDBC URL or driver
	 * @param generation the credentials' generation, 1 at startup and one more for every
	 * swap
	 * @param connectionCreationWrapped whether the pool opens connections through the
	 * starter (which handles a login rejected during a rotation), rather than only being
	 * given new credentials; {@code false} for a pool started before it could be wrapped
	 * @param credentialSwaps times the pool was given new credentials
	 * @param softEvictions soft evictions of all its connections
	 * @param authenticationFailures logins the database rejected
	 * @param pendingFallbacks physical connections opened with the AWSPENDING version's
	 * credentials
	 * @param forcedRefreshes forced refreshes asked of the refresher
	 */
	public record DataSourceState(String beanName, String secretId, DatabaseKind databaseKind, long generation,
			boolean connectionCreationWrapped, long credentialSwaps, long softEvictions, long authenticationFailures,
			long pendingFallbacks, long forcedRefreshes) {

	}

}
