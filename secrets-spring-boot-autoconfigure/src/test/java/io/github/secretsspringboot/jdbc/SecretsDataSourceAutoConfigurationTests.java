package io.github.secretsspringboot.jdbc;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.client.SecretsManagerClientAutoConfiguration;
import io.github.secretsspringboot.refresh.RefreshCause;
import io.github.secretsspringboot.refresh.SecretsRefreshAutoConfiguration;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import io.github.secretsspringboot.test.rotation.PostgresSingleUserRotationFunction;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Which pools follow a secret, and a swap before a pool has started.
 */
class SecretsDataSourceAutoConfigurationTests extends RotationTestSupport {

	@Test
	void poolThatHasNotStartedTakesTheNewCredentialsWithoutEviction() throws Exception {
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource",
				"aws.secrets.refresh.interval=1h");
		HikariDataSource hikari = hikari(context);
		assertThat(hikari.getHikariPoolMXBean()).isNull();
		String newPassword = "Rotated-" + database.name();
		try (Connection admin = postgres.adminConnection()) {
			admin.unwrap(PGConnection.class).alterUserPassword(database.username(), newPassword.toCharArray(), null);
		}
		secrets().putSecretValue((request) -> request.secretId("rds/orders")
			.secretString(postgres.rdsSecret(database.name(), database.username(), newPassword)));
		assertThat(context.getBean(SecretsRefresher.class)
			.refresh("rds/orders", RefreshCause.REQUEST)
			.get(30, TimeUnit.SECONDS)
			.changed()).isTrue();
		SecretsDataSourceState state = state(context);
		assertThat(state.getCredentialSwaps()).isEqualTo(1);
		assertThat(state.getSoftEvictions()).isZero();
		assertThat(hikari.getHikariPoolMXBean()).isNull();
		assertSameSecret(hikari.getPassword(), newPassword, "hikari.getPassword()");
		assertThat(query(hikari, "SELECT current_user")).isEqualTo(database.username());
		assertThat(state.getAuthenticationFailures()).isEmpty();
		assertThat(state.getDataSources()).singleElement()
			.satisfies((pool) -> assertThat(pool.generation()).isEqualTo(2));
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		assertThat(meters.get("aws.secrets.datasource.credential.swaps").functionCounter().count()).isEqualTo(1);
		assertThat(meters.get("aws.secrets.datasource.soft.evictions").functionCounter().count()).isZero();
		assertThat(meters.get("aws.secrets.datasource.authentication.failures")
			.tag("database", "postgresql")
			.functionCounter()
			.count()).isZero();
	}

	@Test
	void dataSourceMappedToASecretByBeanName() {
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		ConfigurableApplicationContext context = run(OrdersDataSourceConfiguration.class, database,
				"aws-secret:rds/orders?prefix=orders", "orders.jdbc-url=" + database.jdbcUrl(),
				"aws.secrets.datasource.ordersDataSource.secret=rds/orders");
		DataSource orders = context.getBean("ordersDataSource", DataSource.class);
		SecretsDataSourceState state = state(context);
		assertThat(state.getDataSources()).singleElement().satisfies((pool) -> {
			assertThat(pool.beanName()).isEqualTo("ordersDataSource");
			assertThat(pool.secretId()).isEqualTo("rds/orders");
			assertThat(pool.connectionCreationWrapped()).isTrue();
		});
		// The secret's credentials replace those the bean was built with.
		assertThat(query(orders, "SELECT current_user")).isEqualTo(database.username());
		String token = rotate("rds/orders", new PostgresSingleUserRotationFunction());
		assertThat(awaitRotationDone(token).isSucceeded()).isTrue();
		await().atMost(WAIT).until(() -> state.getCredentialSwaps() == 1);
		assertSameSecret(((HikariDataSource) orders).getPassword(), current("rds/orders").password(),
				"((HikariDataSource) orders).getPassword()");
		assertThat(query(orders, "SELECT current_user")).isEqualTo(database.username());
		// Again when the swap comes soon after the pool opened a connection, which may
		// not be in it yet.
		assertThat(state.getSoftEvictions()).isBetween(1L, 2L);
	}

	@Test
	void mappingToASecretThatIsNotImportedStopsTheApplication() {
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		assertThatException()
			.isThrownBy(() -> run(OrdersDataSourceConfiguration.class, database, "aws-secret:rds/orders?prefix=orders",
					"orders.jdbc-url=" + database.jdbcUrl(),
					"aws.secrets.datasource.ordersDataSource.secret=rds/other"))
			.havingRootCause()
			.withMessageContaining("aws.secrets.datasource.ordersDataSource.secret names 'rds/other'");
	}

	@Test
	void poolWhoseCredentialsDoNotComeFromASecretIsLeftAlone() {
		Database database = newDatabase();
		createSecret("app/config", "{\"feature\":\"on\"}");
		ConfigurableApplicationContext context = run(database, "aws-secret:app/config",
				"spring.datasource.url=" + database.jdbcUrl(), "spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password());
		assertThat(state(context).getDataSources()).isEmpty();
		assertThat(hikari(context).getDataSource()).isNull();
		assertThat(query(hikari(context), "SELECT current_user")).isEqualTo(database.username());
	}

	@Test
	void poolConfiguredWithOtherCredentialsThanTheSecretsIsLeftAlone() {
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		// spring.datasource.hikari.* wins over spring.datasource.*: the pool does not use
		// the secret.
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource",
				"spring.datasource.hikari.password=" + database.password() + "-local");
		assertThat(state(context).getDataSources()).isEmpty();
	}

	@Test
	void canBeTurnedOff() {
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource",
				"aws.secrets.hikari.enabled=false");
		assertThat(context.getBeanNamesForType(SecretsDataSourceState.class)).isEmpty();
		assertThat(hikari(context).getDataSource()).isNull();
	}

	private static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SecretsManagerClientAutoConfiguration.class,
					SecretsRefreshAutoConfiguration.class, SecretsDataSourceAutoConfiguration.class))
			.withPropertyValues("aws.secrets.endpoint=" + emulator.endpoint(),
					"aws.secrets.region=" + emulator.region(), "aws.secrets.refresh.interval=1h");
	}

	@Test
	void configuredWithHikariCpAndRefresh() {
		runner().run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(SecretsDataSourceState.class)
			.hasSingleBean(HikariCredentialsPostProcessor.class)
			.hasSingleBean(HikariCredentialRotator.class)
			.hasSingleBean(SecretsDataSourceProperties.class));
	}

	@Test
	void settingsDefaultToThoseDocumented() {
		runner().run((context) -> {
			SecretsDataSourceProperties properties = context.getBean(SecretsDataSourceProperties.class);
			assertThat(properties.getHikari().isEnabled()).isTrue();
			assertThat(properties.getHikari().getAuthRetryBudget()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.getDatasource()).isEmpty();
		});
	}

	@Test
	void settingsCanBeOverridden() {
		runner()
			.withPropertyValues("aws.secrets.hikari.auth-retry-budget=3s",
					"aws.secrets.datasource.ordersDataSource.secret=rds/orders")
			.run((context) -> {
				SecretsDataSourceProperties properties = context.getBean(SecretsDataSourceProperties.class);
				assertThat(properties.getHikari().getAuthRetryBudget()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.getDatasource()).containsOnlyKeys("ordersDataSource");
				assertThat(properties.getDatasource().get("ordersDataSource").getSecret()).isEqualTo("rds/orders");
			});
	}

	@Test
	void invalidSettingsAreReportedAtStartup() {
		runner().withPropertyValues("aws.secrets.hikari.auth-retry-budget=-1s")
			.withBean("ordersDataSource", HikariDataSource.class, HikariDataSource::new)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("auth-retry-budget"));
	}

	@Test
	void poolsFollowTheBoundSettings() {
		// The post-processor reads the mapping from the properties bean.
		runner().withPropertyValues("aws.secrets.datasource.ordersDataSource.secret=rds/other")
			.withBean("ordersDataSource", HikariDataSource.class, HikariDataSource::new)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("aws.secrets.datasource.ordersDataSource.secret names 'rds/other'"));
	}

	@Test
	void turnedOffWithItsSwitch() {
		runner().withPropertyValues("aws.secrets.hikari.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SecretsDataSourceState.class)
				.doesNotHaveBean(HikariCredentialsPostProcessor.class)
				.doesNotHaveBean(SecretsDataSourceProperties.class));
	}

	@Test
	void turnedOffWithRefresh() {
		runner().withPropertyValues("aws.secrets.refresh.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SecretsDataSourceState.class)
				.doesNotHaveBean(HikariCredentialsPostProcessor.class));
	}

	@Test
	void nothingIsConfiguredWithoutHikariCp() {
		runner().withClassLoader(new FilteredClassLoader(HikariDataSource.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SecretsDataSourceState.class)
				.doesNotHaveBean(HikariCredentialsPostProcessor.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class OrdersDataSourceConfiguration extends AppConfiguration {

		@Bean
		HikariDataSource ordersDataSource(@Value("${orders.jdbc-url}") String jdbcUrl) {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl(jdbcUrl);
			dataSource.setUsername("placeholder");
			dataSource.setPassword("placeholder");
			dataSource.setMaximumPoolSize(2);
			return dataSource;
		}

	}

}
