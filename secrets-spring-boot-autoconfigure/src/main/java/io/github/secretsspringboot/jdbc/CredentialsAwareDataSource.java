package io.github.secretsspringboot.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.github.secretsspringboot.jdbc.CredentialGenerations.Generation;
import io.github.secretsspringboot.jdbc.StagedFallback.Fallback;
import io.github.secretsspringboot.jdbc.StagedFallback.StagedCredentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The DataSource a HikariCP pool opens its physical connections with, installed before
 * the pool starts. It opens each connection with the credentials of the generation in
 * force (HikariCP's own copy is set at every swap as well) and hands it over, tagged with
 * that generation, only if the generation is still in force (see {@link RotatingPool}).
 * <p>
 * When the database rejects the credentials, and only then (a refused connection or a
 * timeout is thrown as is), it works through, within the pool's retry budget:
 * <ol>
 * <li>a forced refresh of the secret: a new AWSCURRENT is put in force by the
 * SecretsChangedEvent listener, and the connection is opened with it;</li>
 * <li>no new generation: the credentials of the AWSCURRENT version read directly, then
 * those of the AWSPENDING version, for this connection only (see
 * {@link CredentialRecovery#STAGES}); an AWSCURRENT version that logs in is then put in
 * force by a check of the secret that no earlier result answers for;</li>
 * <li>then again, with backoff, until the budget is spent; the database's own exception
 * is thrown at the end.</li>
 * </ol>
 * <p>
 * Not a {@code HikariCredentialsProvider}: HikariCP asks a provider for credentials
 * before it opens a connection, and the attempt fails with them. A DataSource of our own
 * can, within the same attempt, try other credentials after a rejected login (the forced
 * refresh, AWSCURRENT, AWSPENDING), refuse to hand over a connection opened with
 * credentials swapped meanwhile, tag each connection with its generation so that one that
 * escaped an eviction is evicted again, and open connections to the JDBC URL a new
 * version names. Pools configured with a provider are left to it.
 *
 * @author secrets-spring-boot
 */
final class CredentialsAwareDataSource implements DataSource {

	private static final Log logger = LogFactory.getLog(CredentialsAwareDataSource.class);

	private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final RotatingPool pool;

	private final CredentialRecovery recovery;

	private final Supplier<DataSource> target;

	private final @Nullable Function<String, DataSource> targetForUrl;

	private final Map<String, DataSource> urlTargets = new ConcurrentHashMap<>();

	private volatile @Nullable DataSource delegate;

	CredentialsAwareDataSource(RotatingPool pool, CredentialRecovery recovery, Supplier<DataSource> target) {
		this(pool, recovery, target, null);
	}

	/**
	 * @param targetForUrl opens connections to another JDBC URL, when credentials name
	 * one (a cutover); {@code null} when the pool does not follow a URL
	 */
	CredentialsAwareDataSource(RotatingPool pool, CredentialRecovery recovery, Supplier<DataSource> target,
			@Nullable Function<String, DataSource> targetForUrl) {
		this.pool = pool;
		this.recovery = recovery;
		this.target = target;
		this.targetForUrl = targetForUrl;
	}

	@Override
	public @Nullable Connection getConnection() throws SQLException {
		return connect();
	}

	/**
	 * HikariCP passes the credentials it read from its configuration, possibly just
	 * before a swap: the pool's generation in force decides instead.
	 */
	@Override
	public @Nullable Connection getConnection(String username, String password) throws SQLException {
		return connect();
	}

	private @Nullable Connection connect() throws SQLException {
		this.pool.creationStarting();
		long deadline = System.nanoTime() + this.pool.retryBudgetNanos();
		SQLException rejected = null;
		int backoffs = 0;
		while (true) {
			Generation generation = this.pool.generation();
			Optional<Fallback> fallback = this.pool.fallback(generation);
			DatabaseCredentials credentials = fallback.map(Fallback::credentials).orElse(generation.credentials());
			Connection connection;
			try {
				connection = open(credentials);
			}
			catch (SQLException ex) {
				if (!this.pool.isAuthenticationFailure(ex)) {
					throw ex;
				}
				this.pool.authenticationFailed(ex, generation, fallback.map(Fallback::stage).orElse(null));
				if (fallback.isPresent()) {
					// The staged credentials stopped working (the rotation moved on or
					// was undone).
					this.pool.fallbackRejected(generation);
					continue;
				}
				rejected = ex;
				Connection recovered = recover(generation, deadline);
				if (recovered != null) {
					return recovered;
				}
				if (this.pool.generation().number() != generation.number()) {
					continue;
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw rejected;
				}
				long backoff = Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(backoffs++, 10));
				awaitSwap(generation, Math.min(backoff, remaining));
				continue;
			}
			Connection handedOver = this.pool.handOff(generation, connection);
			if (handedOver != null) {
				if (fallback.isPresent()) {
					this.pool.fallbackUsed(fallback.get().stage());
					followFinishedRotation(generation, fallback.get(), deadline);
				}
				return handedOver;
			}
			// Opened with credentials that were swapped meanwhile: it would join the pool
			// after the eviction. Opened again with the new ones (a swap is rare enough
			// that
			// this does not repeat).
			closeQuietly(connection);
		}
	}

	/**
	 * Forced refresh, then staged versions; a connection, or {@code null} to try again.
	 */
	// The staged credentials were checked.
	@SuppressWarnings("NullAway")
	private @Nullable Connection recover(Generation generation, long deadline) throws SQLException {
		try {
			this.recovery.refresh(this.pool, deadline - System.nanoTime());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLTransientConnectionException("Interrupted while refreshing the credentials", ex);
		}
		if (this.pool.generation().number() != generation.number()) {
			return null;
		}
		for (String stage : CredentialRecovery.STAGES) {
			StagedCredentials staged = this.pool.staged(stage,
					() -> this.recovery.lookup(this.pool, stage, deadline - System.nanoTime()));
			if (staged.credentials() == null || staged.credentials().equals(generation.credentials())) {
				continue;
			}
			Connection connection;
			try {
				connection = open(staged.credentials());
			}
			catch (SQLException ex) {
				if (!this.pool.isAuthenticationFailure(ex)) {
					throw ex;
				}
				this.pool.authenticationFailed(ex, generation, stage);
				continue;
			}
			Connection handedOver = this.pool.handOff(generation, connection);
			if (handedOver == null) {
				closeQuietly(connection);
				return null;
			}
			if (this.pool.fallbackConnected(generation, stage, staged.credentials(), staged.versionId())
					&& StagedFallback.AWSCURRENT.equals(stage)) {
				// The forced refresh answered without this version: its check read the
				// secret
				// before the rotation finished, inside the rotation window or within the
				// spacing. AWSCURRENT now, so the application takes it now, not at its
				// next
				// periodic check, which may be a whole interval away.
				this.recovery.takeCurrent(this.pool, staged.versionId());
			}
			return handedOver;
		}
		return null;
	}

	/**
	 * AWSPENDING credentials serve new connections while a rotation is between setSecret
	 * and finishSecret. Once their version carries AWSCURRENT, the rotation has finished
	 * and the application takes that version now: the refresher, which saw the rotation
	 * under way, would otherwise check again only at its rotation pace. AWSCURRENT is
	 * read once for each connection opened with AWSPENDING's credentials, which logged
	 * in: not a lookup reused from before the connection opened, which may predate
	 * finishSecret.
	 */
	// Equal to the fallback's credentials, so present.
	@SuppressWarnings("NullAway")
	private void followFinishedRotation(Generation generation, Fallback fallback, long deadline) {
		if (!StagedFallback.AWSPENDING.equals(fallback.stage())) {
			return;
		}
		StagedCredentials current = this.recovery.lookup(this.pool, StagedFallback.AWSCURRENT,
				deadline - System.nanoTime());
		if (fallback.credentials().equals(current.credentials()) && this.pool.fallbackConnected(generation,
				StagedFallback.AWSCURRENT, current.credentials(), current.versionId())) {
			this.recovery.takeCurrent(this.pool, current.versionId());
		}
	}

	private void awaitSwap(Generation generation, long nanos) throws SQLException {
		try {
			this.pool.awaitSwap(generation, nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLTransientConnectionException("Interrupted while waiting to open a connection again", ex);
		}
	}

	private Connection open(DatabaseCredentials credentials) throws SQLException {
		DataSource dataSource = delegate(credentials);
		// JdbcUrlDataSource takes a null username or password as "from the properties";
		// other DataSources are called as HikariCP calls them.
		if (dataSource instanceof JdbcUrlDataSource || credentials.username() != null) {
			return dataSource.getConnection(credentials.username(), credentials.password());
		}
		return dataSource.getConnection();
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException | RuntimeException ex) {
			// Going away anyway.
		}
	}

	/** The DataSource for the URL the credentials name, if the pool follows one. */
	private DataSource delegate(DatabaseCredentials credentials) {
		String url = credentials.url();
		if (url == null || this.targetForUrl == null) {
			return delegate();
		}
		return this.urlTargets.computeIfAbsent(url, (jdbcUrl) -> {
			if (!this.urlTargets.isEmpty()) {
				logger.info("DataSource '" + this.pool.beanName() + "' opens its new connections to the database "
						+ "URL that " + this.pool.source() + " now holds");
			}
			return this.targetForUrl.apply(jdbcUrl);
		});
	}

	DataSource delegate() {
		DataSource dataSource = this.delegate;
		if (dataSource == null) {
			synchronized (this) {
				dataSource = this.delegate;
				if (dataSource == null) {
					dataSource = this.target.get();
					this.delegate = dataSource;
				}
			}
		}
		return dataSource;
	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		return delegate().getLogWriter();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		delegate().setLogWriter(out);
	}

	@Override
	public void setLoginTimeout(int seconds) throws SQLException {
		delegate().setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() throws SQLException {
		return delegate().getLoginTimeout();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		try {
			return delegate().getParentLogger();
		}
		catch (RuntimeException ex) {
			throw new SQLFeatureNotSupportedException(ex);
		}
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		DataSource dataSource = delegate();
		return iface.isInstance(dataSource) ? iface.cast(dataSource) : dataSource.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		DataSource dataSource = delegate();
		return iface.isInstance(this) || iface.isInstance(dataSource) || dataSource.isWrapperFor(iface);
	}

	@Override
	public String toString() {
		return "CredentialsAwareDataSource[DataSource '" + this.pool.beanName() + "', " + this.pool.source() + "]";
	}

}
