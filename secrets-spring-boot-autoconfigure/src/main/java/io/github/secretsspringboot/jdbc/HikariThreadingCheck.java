package io.github.secretsspringboot.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.jspecify.annotations.Nullable;

/**
 * Checks, once at startup, that HikariCP opens and hands over connections the way
 * {@link RotatingPool} and {@link TaggedConnection} rely on to know when a connection
 * opened across a credential swap has joined the pool. HikariCP documents none of it, so
 * a HikariCP upgrade could change it; the check makes such a change stop the application
 * with {@link UnsupportedHikariBehaviorException} instead of letting a connection with
 * rotated-out credentials stay in the pool. That a connection is used only by the thread
 * that opened it until it is in the pool cannot be observed from outside HikariCP, and is
 * not checked.
 * <p>
 * It starts a pool of three connections over a DataSource of its own that records who
 * opens each connection and what is called on it, borrows the three and returns them, and
 * checks that:
 * <ol>
 * <li>the first connection is opened while the pool starts, by the thread that asked for
 * it, holding the lock of its HikariDataSource;</li>
 * <li>the others are opened by one other thread of the pool's own, one at a time, and
 * handed to borrowers;</li>
 * <li>{@link Connection#clearWarnings()} is called when a borrowed connection is
 * returned, and never while a connection is set up.</li>
 * </ol>
 *
 * @author secrets-spring-boot
 */
final class HikariThreadingCheck {

	private static final int CONNECTIONS = 3;

	private final Function<HikariConfig, HikariDataSource> pools;

	HikariThreadingCheck() {
		this(HikariThreadingCheck::unstartedPool);
	}

	/** With the pools to check, for tests that stand in for another HikariCP. */
	HikariThreadingCheck(Function<HikariConfig, HikariDataSource> pools) {
		this.pools = pools;
	}

	/** A pool that starts on first use, as Spring Boot creates them. */
	private static HikariDataSource unstartedPool(HikariConfig config) {
		HikariDataSource pool = new HikariDataSource();
		config.copyStateTo(pool);
		return pool;
	}

	/**
	 * @throws UnsupportedHikariBehaviorException if an assumption does not hold
	 */
	void check() {
		Observations observations;
		try {
			observations = observe();
		}
		catch (SQLException | RuntimeException ex) {
			throw new UnsupportedHikariBehaviorException(hikariVersion(),
					"a pool of recording connections could not be started (" + ex.getClass().getName() + ")");
		}
		verify(observations, hikariVersion());
	}

	private Observations observe() throws SQLException {
		RecordingDataSource recording = new RecordingDataSource();
		HikariConfig config = new HikariConfig();
		config.setPoolName("secrets-hikari-check");
		config.setDataSource(recording);
		config.setMinimumIdle(CONNECTIONS);
		config.setMaximumPoolSize(CONNECTIONS);
		config.setConnectionTimeout(5000);
		config.setRegisterMbeans(false);
		List<Connection> borrowed = new ArrayList<>();
		try (HikariDataSource pool = this.pools.apply(config)) {
			recording.pool = pool;
			for (int i = 0; i < CONNECTIONS; i++) {
				Connection connection = pool.getConnection();
				recording.borrowed(connection.unwrap(Connection.class));
				borrowed.add(connection);
			}
			for (Connection connection : borrowed) {
				connection.close();
			}
		}
		return recording.observations(Thread.currentThread());
	}

	/**
	 * @throws UnsupportedHikariBehaviorException if an observation breaks an assumption
	 */
	static void verify(Observations observations, String hikariVersion) {
		List<Opened> opened = observations.opened();
		if (opened.size() < CONNECTIONS) {
			fail(hikariVersion,
					"the pool opened " + opened.size() + " connections where " + CONNECTIONS + " were borrowed");
		}
		Opened first = opened.get(0);
		if (first.opener() != observations.borrower() || !first.heldPoolLock()) {
			fail(hikariVersion, "the first connection was not opened by the thread starting the pool, holding the "
					+ "lock of its HikariDataSource");
		}
		List<Opened> others = opened.subList(1, opened.size());
		if (others.stream()
			.anyMatch((connection) -> connection.opener() == observations.borrower()
					|| connection.opener() != others.get(0).opener() || connection.heldPoolLock())) {
			fail(hikariVersion, "the pool's other connections were not all opened by one thread of the pool's own");
		}
		if (observations.mostOpeningAtOnce() > 1) {
			fail(hikariVersion, "the pool opened connections at the same time");
		}
		if (opened.stream().anyMatch((connection) -> !connection.borrowed())) {
			fail(hikariVersion, "a connection the pool opened was not handed to a borrower");
		}
		if (opened.stream().anyMatch(Opened::warningsClearedBeforeBorrowed)) {
			fail(hikariVersion, "clearWarnings() was called on a connection while it was set up");
		}
		if (opened.stream().anyMatch((connection) -> !connection.warningsClearedOnReturn())) {
			fail(hikariVersion, "clearWarnings() was not called on a connection returned to the pool");
		}
	}

	private static void fail(String hikariVersion, String what) {
		throw new UnsupportedHikariBehaviorException(hikariVersion, what);
	}

	/** The version of HikariCP on the classpath, as its jar tells it. */
	static String hikariVersion() {
		ClassLoader loader = HikariDataSource.class.getClassLoader();
		try (InputStream pom = (loader != null)
				? loader.getResourceAsStream("META-INF/maven/com.zaxxer/HikariCP/pom.properties") : null) {
			if (pom != null) {
				Properties properties = new Properties();
				properties.load(pom);
				return properties.getProperty("version", "unknown");
			}
		}
		catch (IOException ex) {
			// Unknown.
		}
		String version = HikariDataSource.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "unknown";
	}

	/**
	 * What a probe pool did.
	 *
	 * @param borrower the thread that borrowed the connections
	 * @param opened the connections, in the order they were opened
	 * @param mostOpeningAtOnce the most connections being opened at the same time
	 */
	record Observations(Thread borrower, List<Opened> opened, int mostOpeningAtOnce) {

	}

	/**
	 * One connection the probe pool opened.
	 *
	 * @param opener the thread that opened it
	 * @param heldPoolLock whether it held the lock of the HikariDataSource then
	 * @param borrowed whether it was handed to a borrower
	 * @param warningsClearedBeforeBorrowed whether clearWarnings() was called before it
	 * was borrowed
	 * @param warningsClearedOnReturn whether clearWarnings() was called after it was
	 * borrowed
	 */
	record Opened(Thread opener, boolean heldPoolLock, boolean borrowed, boolean warningsClearedBeforeBorrowed,
			boolean warningsClearedOnReturn) {

	}

	/** Opens connections that record what is called on them. */
	private static final class RecordingDataSource implements DataSource {

		private final List<RecordedConnection> connections = Collections.synchronizedList(new ArrayList<>());

		private final AtomicInteger opening = new AtomicInteger();

		private final AtomicInteger mostOpeningAtOnce = new AtomicInteger();

		private volatile @Nullable HikariDataSource pool;

		private volatile int loginTimeout = 5;

		@Override
		public Connection getConnection() {
			this.mostOpeningAtOnce.accumulateAndGet(this.opening.incrementAndGet(), Math::max);
			try {
				HikariDataSource hikari = this.pool;
				RecordedConnection recorded = new RecordedConnection(Thread.currentThread(),
						hikari != null && Thread.holdsLock(hikari));
				this.connections.add(recorded);
				return recorded.proxy;
			}
			finally {
				this.opening.decrementAndGet();
			}
		}

		@Override
		public Connection getConnection(String username, String password) {
			return getConnection();
		}

		void borrowed(Connection physical) {
			synchronized (this.connections) {
				this.connections.stream()
					.filter((connection) -> connection.proxy == physical)
					.forEach(RecordedConnection::borrowed);
			}
		}

		Observations observations(Thread borrower) {
			List<Opened> opened = new ArrayList<>();
			synchronized (this.connections) {
				this.connections.forEach((connection) -> opened.add(connection.opened()));
			}
			return new Observations(borrower, opened, this.mostOpeningAtOnce.get());
		}

		@Override
		public @Nullable PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
			this.loginTimeout = seconds;
		}

		@Override
		public int getLoginTimeout() {
			// HikariCP waits this long for its connection adder when the pool closes.
			return this.loginTimeout;
		}

		@Override
		public Logger getParentLogger() throws SQLFeatureNotSupportedException {
			throw new SQLFeatureNotSupportedException();
		}

		@Override
		public <T> T unwrap(Class<T> iface) throws SQLException {
			throw new SQLFeatureNotSupportedException();
		}

		@Override
		public boolean isWrapperFor(Class<?> iface) {
			return false;
		}

	}

	/** A connection that records who calls it, and when clearWarnings() is called. */
	private static final class RecordedConnection {

		private final Thread opener;

		private final boolean heldPoolLock;

		private volatile boolean borrowed;

		private volatile boolean closed;

		private volatile boolean warningsClearedBeforeBorrowed;

		private volatile boolean warningsClearedOnReturn;

		private final Connection proxy;

		RecordedConnection(Thread opener, boolean heldPoolLock) {
			this.opener = opener;
			this.heldPoolLock = heldPoolLock;
			this.proxy = proxy();
		}

		void borrowed() {
			this.borrowed = true;
		}

		Opened opened() {
			return new Opened(this.opener, this.heldPoolLock, this.borrowed, this.warningsClearedBeforeBorrowed,
					this.warningsClearedOnReturn);
		}

		private Connection proxy() {
			return (Connection) Proxy.newProxyInstance(HikariThreadingCheck.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
						return switch (method.getName()) {
							case "clearWarnings" -> {
								if (this.borrowed) {
									this.warningsClearedOnReturn = true;
								}
								else {
									this.warningsClearedBeforeBorrowed = true;
								}
								yield null;
							}
							case "close", "abort" -> {
								this.closed = true;
								yield null;
							}
							case "isClosed" -> this.closed;
							case "isValid", "getAutoCommit" -> true;
							case "isReadOnly" -> false;
							case "isWrapperFor" -> Connection.class.equals(arguments[0]);
							case "unwrap" -> proxy;
							case "getTransactionIsolation" -> Connection.TRANSACTION_READ_COMMITTED;
							case "getNetworkTimeout", "getHoldability" -> 0;
							case "hashCode" -> System.identityHashCode(proxy);
							case "equals" -> proxy == arguments[0];
							case "toString" -> "RecordedConnection";
							default -> null;
						};
					});
		}

	}

}
