package io.github.secretsspringboot.jdbc;

import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Opening connections to a JDBC URL through a driver.
 */
class JdbcUrlDataSourceTests {

	@Test
	void findsTheDriverForTheUrl() {
		JdbcUrlDataSource dataSource = new JdbcUrlDataSource("jdbc:postgresql://localhost/orders", null,
				new Properties());
		assertThat(dataSource).hasToString("JdbcUrlDataSource[org.postgresql.Driver]");
	}

	@Test
	void usesTheNamedDriver() {
		JdbcUrlDataSource dataSource = new JdbcUrlDataSource("jdbc:postgresql://localhost/orders",
				"org.postgresql.Driver", new Properties());
		assertThat(dataSource.isWrapperFor(JdbcUrlDataSource.class)).isFalse();
		assertThat(dataSource).hasToString("JdbcUrlDataSource[org.postgresql.Driver]");
	}

	@Test
	void driverThatDoesNotAcceptTheUrlIsNamedButNotTheUrl() {
		String canary = "canary-" + UUID.randomUUID();
		Throwable failure = catchThrowable(() -> new JdbcUrlDataSource("jdbc:other://host/db?password=" + canary,
				"org.postgresql.Driver", new Properties()));
		assertThat(failure.getMessage().contains(canary)).as("the message shows the URL").isFalse();
		assertThat(failure).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("org.postgresql.Driver does not accept the pool's jdbcUrl");
	}

	@Test
	void urlThatNoDriverAcceptsIsNotShown() {
		String canary = "canary-" + UUID.randomUUID();
		Throwable failure = catchThrowable(
				() -> new JdbcUrlDataSource("jdbc:other://host/db?password=" + canary, null, new Properties()));
		assertThat(failure.getMessage().contains(canary)).as("the message shows the URL").isFalse();
		assertThat(failure).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("No JDBC driver accepts the pool's jdbcUrl");
		assertThat(failure.getCause()).isNull();
	}

	@Test
	void missingDriverClassFallsBackToTheDriverForTheUrl() {
		JdbcUrlDataSource dataSource = new JdbcUrlDataSource("jdbc:postgresql://localhost/orders",
				"com.example.NoSuchDriver", new Properties());
		assertThat(dataSource).hasToString("JdbcUrlDataSource[org.postgresql.Driver]");
		assertThatIllegalStateException().isThrownBy(
				() -> new JdbcUrlDataSource("jdbc:other://host/db", "com.example.NoSuchDriver", new Properties()));
	}

}
