package io.github.secretsspringboot.test.rotation;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.emulator.RotationStep;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import io.github.secretsspringboot.test.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertDifferentSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Rotation between a user and its clone, driven by a master secret, against real
 * PostgreSQL.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class PostgresAlternatingUsersRotationFunctionTests {

	private static final String ROTATION = "arn:aws:lambda:us-east-1:123456789012:function:postgres-multi-user";

	private static final String INITIAL_PASSWORD = "Initial-Pa55word";

	private static EmbeddedPostgresServer postgres;

	private static SecretsManagerEmulator emulator;

	private static SecretsManagerClient client;

	private static String masterArn;

	@BeforeAll
	static void start(SecretsManagerEmulator started) {
		postgres = EmbeddedPostgresServer.start();
		emulator = started;
		client = emulator.client();
		emulator.registerRotationFunction(ROTATION, new PostgresAlternatingUsersRotationFunction());
		masterArn = client.createSecret((r) -> r.name("rds/master").secretString(postgres.adminRdsSecret())).arn();
	}

	@AfterAll
	static void stop() {
		postgres.close();
	}

	@Test
	void eachRotationSwitchesUserAndLeavesThePreviousCredentialsWorking() throws SQLException {
		postgres.createDatabaseWithOwner("shop", "shop_app", INITIAL_PASSWORD);
		execute("shop", "shop_app", INITIAL_PASSWORD, "CREATE TABLE product (id int PRIMARY KEY)",
				"INSERT INTO product VALUES (1)");
		client.createSecret((r) -> r.name("rds/shop")
			.secretString(postgres.rdsSecret("shop", "shop_app", INITIAL_PASSWORD, masterArn)));

		assertThat(awaitDone(rotate("rds/shop")).status()).isEqualTo(RotationOutcome.Status.SUCCEEDED);
		DatabaseSecret first = current("rds/shop");
		assertThat(first.username()).isEqualTo("shop_app_clone");
		assertDifferentSecret(first.password(), INITIAL_PASSWORD, "first.password()");
		assertThat(first.masterArn()).isEqualTo(masterArn);
		assertThat(DatabaseSecret
			.parse(client.getSecretValue((r) -> r.secretId("rds/shop").versionStage("AWSPREVIOUS")).secretString())
			.username()).isEqualTo("shop_app");
		// Both users log in; the clone has the privileges of the user it was granted.
		assertThat(countProducts("shop_app", INITIAL_PASSWORD)).isEqualTo(1);
		assertThat(countProducts("shop_app_clone", first.password())).isEqualTo(1);

		String second = rotate("rds/shop");
		assertThat(awaitDone(second).status()).isEqualTo(RotationOutcome.Status.SUCCEEDED);
		DatabaseSecret secondSecret = current("rds/shop");
		assertThat(secondSecret.username()).isEqualTo("shop_app");
		assertDifferentSecret(secondSecret.password(), INITIAL_PASSWORD, "secondSecret.password()");
		assertDifferentSecret(secondSecret.password(), first.password(), "secondSecret.password()");
		assertThat(countProducts("shop_app", secondSecret.password())).isEqualTo(1);
		assertThat(countProducts("shop_app_clone", first.password())).isEqualTo(1);
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> countProducts("shop_app", INITIAL_PASSWORD))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
	}

	@Test
	void setSecretRefusesWhenTheCurrentCredentialsDoNotLogIn() throws SQLException {
		postgres.createDatabaseWithOwner("ledger", "ledger_app", INITIAL_PASSWORD);
		client.createSecret((r) -> r.name("rds/ledger")
			.secretString(postgres.rdsSecret("ledger", "ledger_app", "Not-The-Pa55word", masterArn)));
		RotationOutcome outcome = awaitDone(rotate("rds/ledger"));
		assertThat(outcome.status()).isEqualTo(RotationOutcome.Status.FAILED);
		assertThat(outcome.failedStep()).isEqualTo(RotationStep.SET_SECRET);
		assertThat(outcome.errorType()).isEqualTo("IllegalStateException");
		try (Connection connection = postgres.adminConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = 'ledger_app_clone'")) {
			assertThat(result.next()).isFalse();
		}
	}

	private static String rotate(String secret) {
		return client.rotateSecret((r) -> r.secretId(secret).rotationLambdaARN(ROTATION)).versionId();
	}

	private static DatabaseSecret current(String secret) {
		return DatabaseSecret.parse(client.getSecretValue((r) -> r.secretId(secret)).secretString());
	}

	private static RotationOutcome awaitDone(String token) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> emulator.rotation(token).orElseThrow(), RotationOutcome::isDone);
	}

	private static int countProducts(String username, String password) throws SQLException {
		try (Connection connection = postgres.dataSource("shop", username, password).getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT count(*) FROM product")) {
			result.next();
			return result.getInt(1);
		}
	}

	private static void execute(String database, String username, String password, String... sql) throws SQLException {
		try (Connection connection = postgres.dataSource(database, username, password).getConnection();
				Statement statement = connection.createStatement()) {
			for (String command : sql) {
				statement.execute(command);
			}
		}
	}

}
