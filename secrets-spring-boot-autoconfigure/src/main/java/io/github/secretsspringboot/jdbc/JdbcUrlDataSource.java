package io.github.secretsspringboot.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Enumeration;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanInstantiationException;
import org.springframework.beans.BeanUtils;
import org.springframework.util.ClassUtils;

/**
 * Opens connections to a JDBC URL through a {@link Driver}, with the pool's data source
 * properties as connection properties, as HikariCP does for a pool configured with a
 * jdbcUrl: the driver named by its class name when given (registered, or else created),
 * or the one {@link DriverManager} finds for the URL. A username or password given with
 * the call replaces the {@code user} (and {@code username}, if set) and {@code password}
 * properties for that connection only.
 * <p>
 * Failures name the driver but never the URL, which may carry a password.
 *
 * @author secrets-spring-boot
 */
final class JdbcUrlDataSource implements DataSource {

	private static final String USER = "user";

	private static final String USERNAME = "username";

	private static final String PASSWORD = "password";

	private final String jdbcUrl;

	private final Properties properties;

	private final Driver driver;

	JdbcUrlDataSource(String jdbcUrl, String driverClassName, Properties properties) {
		this.jdbcUrl = jdbcUrl;
		this.properties = new Properties();
		this.properties.putAll(properties);
		this.driver = (driverClassName != null) ? driver(driverClassName) : driverFor(jdbcUrl);
	}

	private Driver driver(String className) {
		Driver found = registered(className);
		if (found == null) {
			found = create(className);
		}
		if (found == null) {
			return driverFor(this.jdbcUrl);
		}
		if (!accepts(found)) {
			throw new IllegalStateException(
					"JDBC driver " + className + " does not accept the pool's jdbcUrl: check spring.datasource.url "
							+ "and spring.datasource.driver-class-name");
		}
		return found;
	}

	private static @Nullable Driver registered(String className) {
		Enumeration<Driver> drivers = DriverManager.getDrivers();
		while (drivers.hasMoreElements()) {
			Driver driver = drivers.nextElement();
			if (driver.getClass().getName().equals(className)) {
				return driver;
			}
		}
		return null;
	}

	/** The driver created from its class; {@code null} if it cannot be. */
	private static @Nullable Driver create(String className) {
		ClassLoader[] loaders = { Thread.currentThread().getContextClassLoader(),
				JdbcUrlDataSource.class.getClassLoader() };
		for (ClassLoader loader : loaders) {
			if (loader != null && ClassUtils.isPresent(className, loader)) {
				Class<?> type = ClassUtils.resolveClassName(className, loader);
				if (!Driver.class.isAssignableFrom(type)) {
					return null;
				}
				try {
					return (Driver) BeanUtils.instantiateClass(type);
				}
				catch (BeanInstantiationException ex) {
					return null;
				}
			}
		}
		return null;
	}

	private boolean accepts(Driver candidate) {
		try {
			return candidate.acceptsURL(this.jdbcUrl);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	private static Driver driverFor(String jdbcUrl) {
		try {
			return DriverManager.getDriver(jdbcUrl);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("No JDBC driver accepts the pool's jdbcUrl (SQLState " + ex.getSQLState()
					+ "): add the database's driver to the classpath or check spring.datasource.url");
		}
	}

	@Override
	public Connection getConnection() throws SQLException {
		return this.driver.connect(this.jdbcUrl, this.properties);
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		Properties properties = (Properties) this.properties.clone();
		if (username != null) {
			properties.put(USER, username);
			if (properties.containsKey(USERNAME)) {
				properties.put(USERNAME, username);
			}
		}
		if (password != null) {
			properties.put(PASSWORD, password);
		}
		return this.driver.connect(this.jdbcUrl, properties);
	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		throw new SQLFeatureNotSupportedException();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		throw new SQLFeatureNotSupportedException();
	}

	@Override
	public void setLoginTimeout(int seconds) {
		DriverManager.setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() {
		return DriverManager.getLoginTimeout();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.driver.getParentLogger();
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		throw new SQLFeatureNotSupportedException();
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) {
		return false;
	}

	@Override
	public String toString() {
		// Not the URL: it may carry a password.
		return "JdbcUrlDataSource[" + this.driver.getClass().getName() + "]";
	}

}
