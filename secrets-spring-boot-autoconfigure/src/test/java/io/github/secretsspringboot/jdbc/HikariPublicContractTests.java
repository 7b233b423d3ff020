package io.github.secretsspringboot.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.util.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour of HikariCP's public API that credential rotation relies on, pinned so
 * that a HikariCP upgrade that changes it fails here first.
 */
class HikariPublicContractTests {

	private final RecordingDataSource dataSource = new RecordingDataSource();

	private final HikariDataSource hikari = new HikariDataSource();

	HikariPublicContractTests() {
		this.hikari.setPoolName("contract");
		this.hikari.setDataSource(this.dataSource);
		this.hikari.setUsername("app");
		this.hikari.setPassword("first");
		this.hikari.setMinimumIdle(1);
		this.hikari.setMaximumPoolSize(2);
		this.hikari.setConnectionTimeout(5000);
	}

	@AfterEach
	void close() {
		this.hikari.close();
	}

	@Test
	void poolCreatedWithTheNoArgumentConstructorStartsOnFirstUse() throws SQLException {
		assertThat(this.hikari.getHikariPoolMXBean()).isNull();
		assertThat(this.dataSource.opened).isEmpty();
		try (Connection connection = this.hikari.getConnection()) {
			assertThat(this.hikari.getHikariPoolMXBean()).isNotNull();
		}
	}

	@Test
	void givenDataSourceOpensEveryConnectionWithTheConfiguredCredentials() throws SQLException {
		try (Connection connection = this.hikari.getConnection()) {
			assertThat(this.dataSource.opened).first().isEqualTo("app:first");
		}
	}

	@Test
	void credentialsSetThroughTheConfigMXBeanServeNewConnectionsOfAStartedPool() throws SQLException {
		try (Connection connection = this.hikari.getConnection()) {
			HikariConfigMXBean config = this.hikari.getHikariConfigMXBean();
			config.setCredentials(Credentials.of("app2", "second"));
			assertThat(this.hikari.getUsername()).isEqualTo("app2");
			assertThat(this.hikari.getPassword()).isEqualTo("second");
			assertThat(this.hikari.getCredentials().getPassword()).isEqualTo("second");
			this.hikari.getHikariPoolMXBean().softEvictConnections();
			try (Connection next = this.hikari.getConnection()) {
				assertThat(this.dataSource.opened).last().isEqualTo("app2:second");
			}
		}
	}

	@Test
	void softEvictionClosesIdleConnectionsAndThoseInUseWhenReturned() throws SQLException {
		Connection inUse = this.hikari.getConnection();
		HikariPoolMXBean pool = this.hikari.getHikariPoolMXBean();
		await().atMost(Duration.ofSeconds(10)).until(() -> pool.getTotalConnections() == 2);
		pool.softEvictConnections();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.dataSource.closed.size() == 1);
		inUse.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.dataSource.closed.size() == 2);
	}

	@Test
	void poolReportsItsClosingAndItsTimeout() throws SQLException {
		try (Connection connection = this.hikari.getConnection()) {
			assertThat(this.hikari.getConnectionTimeout()).isEqualTo(5000);
		}
		assertThat(this.hikari.isClosed()).isFalse();
		this.hikari.close();
		assertThat(this.hikari.isClosed()).isTrue();
	}

	@Test
	void credentialsProviderIsAbsentUnlessSetAndThenSuppliesEveryNewConnection() throws SQLException {
		assertThat(this.hikari.getCredentialsProvider()).isNull();
		HikariCredentialsProvider provider = () -> Credentials.of("provided", "by-provider");
		this.hikari.setCredentialsProvider(provider);
		assertThat(this.hikari.getCredentialsProvider()).isSameAs(provider);
		try (Connection connection = this.hikari.getConnection()) {
			assertThat(this.dataSource.opened).first().isEqualTo("provided:by-provider");
		}
	}

	@Test
	void dataSourceSetBeforeStartReplacesTheDataSourceClassName() throws SQLException {
		HikariDataSource byClassName = new HikariDataSource();
		byClassName.setDataSourceClassName("org.postgresql.ds.PGSimpleDataSource");
		byClassName.setDataSource(this.dataSource);
		byClassName.setDataSourceClassName(null);
		byClassName.setUsername("app");
		byClassName.setPassword("first");
		try (byClassName; Connection connection = byClassName.getConnection()) {
			assertThat(this.dataSource.opened).first().isEqualTo("app:first");
		}
	}

	/** Opens connections that remember the credentials they were opened with. */
	static final class RecordingDataSource implements DataSource {

		final List<String> opened = new CopyOnWriteArrayList<>();

		final List<String> closed = new CopyOnWriteArrayList<>();

		@Override
		public Connection getConnection() {
			return getConnection(null, null);
		}

		@Override
		public Connection getConnection(String username, String password) {
			String credentials = username + ":" + password;
			this.opened.add(credentials);
			boolean[] isClosed = { false };
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, arguments) -> switch (method.getName()) {
						case "close", "abort" -> {
							if (!isClosed[0]) {
								isClosed[0] = true;
								this.closed.add(credentials);
							}
							yield null;
						}
						case "isClosed" -> isClosed[0];
						case "isValid", "getAutoCommit" -> true;
						case "isReadOnly", "isWrapperFor" -> false;
						case "getTransactionIsolation" -> Connection.TRANSACTION_READ_COMMITTED;
						case "getNetworkTimeout", "getHoldability" -> 0;
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == arguments[0];
						case "toString" -> "Connection[" + username + "]";
						default -> null;
					});
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 5;
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

}
