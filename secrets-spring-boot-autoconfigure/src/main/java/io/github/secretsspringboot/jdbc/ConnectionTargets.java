package io.github.secretsspringboot.jdbc;

import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.jspecify.annotations.Nullable;

/**
 * The DataSource a HikariCP pool would open its physical connections with, read from its
 * public configuration and created on first use as HikariCP would create it: the
 * DataSource it was given, one of its dataSourceClassName
 * ({@link DataSourceClassFactory}), or one over its jdbcUrl and driver
 * ({@link JdbcUrlDataSource}).
 *
 * @author secrets-spring-boot
 */
final class ConnectionTargets {

	private ConnectionTargets() {
	}

	/**
	 * The DataSource the pool opens connections with; {@code null} when HikariCP would
	 * look it up in JNDI.
	 */
	static @Nullable Supplier<DataSource> target(String beanName, HikariDataSource hikari) {
		DataSource given = hikari.getDataSource();
		if (given != null) {
			return () -> given;
		}
		Properties properties = hikari.getDataSourceProperties();
		String className = hikari.getDataSourceClassName();
		if (className != null) {
			return () -> DataSourceClassFactory.create(beanName, className, properties);
		}
		String jdbcUrl = hikari.getJdbcUrl();
		if (jdbcUrl != null) {
			String driverClassName = hikari.getDriverClassName();
			return () -> new JdbcUrlDataSource(jdbcUrl, driverClassName, properties);
		}
		return null;
	}

	/**
	 * The DataSource for another jdbcUrl, opened as the pool opens its own; {@code null}
	 * when the pool does not open connections from a jdbcUrl.
	 */
	static @Nullable Function<String, DataSource> targetForUrl(HikariDataSource hikari) {
		if (hikari.getDataSource() != null || hikari.getDataSourceClassName() != null || hikari.getJdbcUrl() == null) {
			return null;
		}
		Properties properties = hikari.getDataSourceProperties();
		String driverClassName = hikari.getDriverClassName();
		return (jdbcUrl) -> new JdbcUrlDataSource(jdbcUrl, driverClassName, properties);
	}

}
