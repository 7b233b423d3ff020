package io.github.secretsspringboot.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A PostgreSQL driver for {@code jdbc:latching:postgresql:} URLs that records every
 * physical connection with the password it logged in with, and can hold the next one at
 * either point of its way into a pool: just after PostgreSQL accepted the login (inside
 * the pool's connection-creation DataSource), or while HikariCP sets it up by running
 * {@link #INIT_SQL} (after that DataSource handed it over).
 */
public final class LatchingDriver implements Driver {

	static final String PREFIX = "jdbc:latching:";

	/** Give HikariCP this as connectionInitSql. */
	static final String INIT_SQL = "SELECT 1 /* latching-driver */";

	static final List<Opened> opened = new CopyOnWriteArrayList<>();

	private static volatile Hold afterLogin;

	private static volatile Hold duringSetup;

	private final org.postgresql.Driver postgres = new org.postgresql.Driver();

	static {
		try {
			DriverManager.registerDriver(new LatchingDriver());
		}
		catch (SQLException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Holds the next connection once PostgreSQL has accepted its login. */
	static Hold holdAfterLogin() {
		Hold hold = new Hold();
		afterLogin = hold;
		return hold;
	}

	/** Holds the next connection while HikariCP sets it up. */
	static Hold holdDuringSetup() {
		Hold hold = new Hold();
		duringSetup = hold;
		return hold;
	}

	static void reset() {
		afterLogin = null;
		duringSetup = null;
		opened.clear();
	}

	@Override
	public Connection connect(String url, Properties info) throws SQLException {
		if (!acceptsURL(url)) {
			return null;
		}
		Connection connection = this.postgres.connect("jdbc:" + url.substring(PREFIX.length()), info);
		Opened record = new Opened(connection, info.getProperty("user"), info.getProperty("password"));
		opened.add(record);
		Hold hold = afterLogin;
		if (hold != null) {
			afterLogin = null;
			hold.hold();
		}
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				delegating(connection, (method, args) -> {
					if (method.getName().equals("createStatement") && (args == null || args.length == 0)) {
						Statement statement = connection.createStatement();
						return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Statement.class },
								delegating(statement, (statementMethod, statementArgs) -> {
									if (statementMethod.getName().equals("execute") && statementArgs != null
											&& INIT_SQL.equals(statementArgs[0])) {
										Hold setup = duringSetup;
										if (setup != null) {
											duringSetup = null;
											setup.hold();
										}
									}
									return NOT_HANDLED;
								}));
					}
					return NOT_HANDLED;
				}));
	}

	private static final Object NOT_HANDLED = new Object();

	private static InvocationHandler delegating(Object target, Interceptor interceptor) {
		return (proxy, method, args) -> {
			Object result = interceptor.intercept(method, args);
			if (result != NOT_HANDLED) {
				return result;
			}
			try {
				return method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		};
	}

	@Override
	public boolean acceptsURL(String url) {
		return url != null && url.startsWith(PREFIX);
	}

	@Override
	public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
		return new DriverPropertyInfo[0];
	}

	@Override
	public int getMajorVersion() {
		return 1;
	}

	@Override
	public int getMinorVersion() {
		return 0;
	}

	@Override
	public boolean jdbcCompliant() {
		return false;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException();
	}

	@FunctionalInterface
	private interface Interceptor {

		Object intercept(java.lang.reflect.Method method, Object[] args) throws Throwable;

	}

	/**
	 * A physical connection and the password it logged in with.
	 */
	record Opened(Connection connection, String user, String password) {

		boolean isOpen() {
			try {
				return !this.connection.isClosed();
			}
			catch (SQLException ex) {
				return false;
			}
		}

		@Override
		public String toString() {
			return "Opened[" + this.user + ", open=" + isOpen() + "]";
		}

	}

	/** Holds one connection until released. */
	static final class Hold {

		private final CountDownLatch reached = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		private void hold() {
			this.reached.countDown();
			try {
				if (!this.released.await(60, TimeUnit.SECONDS)) {
					throw new IllegalStateException("Never released");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		/** Waits until a connection is held. */
		void awaitReached() throws InterruptedException {
			if (!this.reached.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("No connection reached the hold");
			}
		}

		void release() {
			this.released.countDown();
		}

	}

}
