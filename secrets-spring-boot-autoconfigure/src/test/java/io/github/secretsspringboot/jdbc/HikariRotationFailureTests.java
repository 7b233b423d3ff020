package io.github.secretsspringboot.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
import io.github.secretsspringboot.test.emulator.FaultKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What a pool does when its secret goes wrong while the application runs: it keeps the
 * credentials it has and keeps serving.
 */
@ExtendWith(OutputCaptureExtension.class)
class HikariRotationFailureTests extends RotationTestSupport {

	@Test
	void secretEditedToInvalidJson() {
		keepsServing(
				(database) -> secrets().putSecretValue((request) -> request.secretId("rds/orders")
					.secretString("{\"username\": \"" + database.username() + "\", \"password\": ")),
				SecretErrorKind.INVALID_CONTENT);
	}

	@Test
	void secretDeleted() {
		keepsServing(
				(database) -> secrets()
					.deleteSecret((request) -> request.secretId("rds/orders").forceDeleteWithoutRecovery(true)),
				SecretErrorKind.NOT_FOUND);
	}

	@Test
	void accessDenied() {
		keepsServing((database) -> emulator.control().denyAccess("rds/orders"), SecretErrorKind.ACCESS_DENIED);
	}

	@Test
	void secretsManagerOutage() {
		keepsServing((database) -> emulator.control().outage(FaultKind.CONNECTION_RESET), SecretErrorKind.UNAVAILABLE);
	}

	private void keepsServing(Consumer<Database> failure, SecretErrorKind expected) {
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource");
		HikariDataSource hikari = hikari(context);
		SecretsDataSourceState state = state(context);
		try (QueryLoad load = QueryLoad.start(hikari, 4, "SELECT current_user")) {
			await().atMost(WAIT).until(() -> load.successes() > 50);
			failure.accept(database);
			SecretRefreshRegistry registry = context.getBean(SecretRefreshRegistry.class);
			await().atMost(WAIT)
				.until(() -> registry.getStates("rds/orders").get(0),
						(refresh) -> refresh.isFailing() && refresh.lastError() == expected);
			// Connections opened from now on use the credentials the pool has.
			hikari.getHikariPoolMXBean().softEvictConnections();
			long successes = load.successes();
			await().atMost(WAIT).until(() -> load.successes() > successes + 100);
			await().atMost(WAIT).until(() -> backendsOf(database, database.username()) == 4);
			load.close();
			assertThat(load.failures()).as("failed queries: %s", load.failureDescriptions()).isZero();
			assertThat(load.answers()).containsExactly(database.username());
		}
		assertThat(context.isActive()).isTrue();
		assertThat(hikari.getUsername()).isEqualTo(database.username());
		assertSameSecret(hikari.getPassword(), database.password(), "hikari.getPassword()");
		assertThat(state.getCredentialSwaps()).isZero();
		assertThat(state.getAuthenticationFailures()).isEmpty();
	}

	@Test
	void rejectedCredentialsWithoutARotationFailAfterTheBudgetWithTheDatabasesError(CapturedOutput output) {
		Database database = newDatabase();
		createSecret("rds/orders", database.rdsSecret());
		ConfigurableApplicationContext context = run(database, "aws-secret:rds/orders?format=datasource",
				"spring.datasource.hikari.connection-timeout=3000", "spring.datasource.hikari.minimum-idle=0",
				"logging.level.io.github.secretsspringboot=DEBUG");
		HikariDataSource hikari = hikari(context);
		assertThat(query(hikari, "SELECT current_user")).isEqualTo(database.username());
		hikari.getHikariPoolMXBean().softEvictConnections();
		// Changed behind Secrets Manager's back: nothing staged holds the new password.
		try (Connection admin = postgres.adminConnection()) {
			admin.createStatement()
				.execute("ALTER ROLE " + database.username() + " PASSWORD 'Changed-" + CANARY.hashCode() + "'");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		assertThatExceptionOfType(SQLException.class).isThrownBy(hikari::getConnection).satisfies((ex) -> {
			assertThat(ex.getCause()).isInstanceOfSatisfying(SQLException.class,
					(cause) -> assertThat(cause.getSQLState()).isEqualTo("28P01"));
			assertThat(ex.toString() + ex.getCause()).doesNotContain(CANARY);
		});
		SecretsDataSourceState state = state(context);
		assertThat(state.getAuthenticationFailures().get(DatabaseKind.POSTGRESQL)).isPositive();
		assertThat(state.getForcedRefreshes()).isPositive();
		assertThat(state.getPendingFallbacks()).isZero();
		assertThat(output).doesNotContain(CANARY);
	}

	@Test
	void networkFailuresFetchNothing() {
		Database database = newDatabase();
		createSecret("rds/orders", "{\"password\":\"" + database.password() + "\"}");
		// Nothing listens on port 1.
		ConfigurableApplicationContext context = run(database,
				"aws-secret:rds/orders?key=password&as=spring.datasource.password",
				"spring.datasource.url=jdbc:postgresql://127.0.0.1:1/" + database.name(),
				"spring.datasource.username=" + database.username(), "spring.datasource.hikari.connection-timeout=1000",
				"spring.datasource.hikari.minimum-idle=0", "aws.secrets.refresh.interval=1h");
		SecretsDataSourceState state = state(context);
		assertThat(state.getDataSources()).singleElement()
			.satisfies((pool) -> assertThat(pool.connectionCreationWrapped()).isTrue());
		emulator.control().resetCounters();
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> hikari(context).getConnection());
		assertThat(state.getAuthenticationFailures()).isEmpty();
		assertThat(state.getForcedRefreshes()).isZero();
		assertThat(emulator.control().requestCount("GetSecretValue")).isZero();
		assertThat(emulator.control().totalRequests()).isZero();
	}

}
