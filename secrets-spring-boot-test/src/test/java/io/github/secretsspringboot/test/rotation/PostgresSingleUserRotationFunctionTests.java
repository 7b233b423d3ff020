package io.github.secretsspringboot.test.rotation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.emulator.RotationStep;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import io.github.secretsspringboot.test.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertDifferentSecret;
import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Single-user rotation against a PostgreSQL server that really checks passwords. */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class PostgresSingleUserRotationFunctionTests {

	private static final String ROTATION = "arn:aws:lambda:us-east-1:123456789012:function:postgres-single-user";

	private static final String PAUSED_ROTATION = ROTATION + "-paused";

	private static final String FAILING_ROTATION = ROTATION + "-failing";

	private static final String INITIAL_PASSWORD = "Initial-Pa55word";

	private static final AtomicInteger databases = new AtomicInteger();

	private static EmbeddedPostgresServer postgres;

	private static SecretsManagerEmulator emulator;

	private static SecretsManagerClient client;

	@BeforeAll
	static void start(SecretsManagerEmulator started) {
		postgres = EmbeddedPostgresServer.start();
		emulator = started;
		client = emulator.client();
		PostgresSingleUserRotationFunction rotation = new PostgresSingleUserRotationFunction();
		emulator.registerRotationFunction(ROTATION, rotation)
			.registerRotationFunction(PAUSED_ROTATION, rotation.withPauseBeforeFinish(Duration.ofSeconds(4)))
			.registerRotationFunction(FAILING_ROTATION, FailingRotationFunction.atTestSecret(rotation));
	}

	@AfterAll
	static void stop() {
		postgres.close();
	}

	@Test
	void rotationReplacesThePasswordInTheDatabaseAndTheSecret() throws SQLException {
		Database database = newDatabase();
		String original = client.getSecretValue((r) -> r.secretId(database.secret())).versionId();
		String token = rotate(database, ROTATION);
		assertThat(awaitDone(token).status()).isEqualTo(RotationOutcome.Status.SUCCEEDED);
		GetSecretValueResponse current = client.getSecretValue((r) -> r.secretId(database.secret()));
		assertThat(current.versionId()).isEqualTo(token);
		DatabaseSecret rotated = DatabaseSecret.parse(current.secretString());
		assertThat(rotated.username()).isEqualTo(database.owner());
		assertDifferentSecret(rotated.password(), INITIAL_PASSWORD, "rotated.password()");
		assertThat(rotated.password()).hasSize(32);
		assertThat(rotated.port()).isEqualTo(postgres.port());
		assertLoginRejected(database, database.owner(), INITIAL_PASSWORD);
		assertLoginWorks(database, database.owner(), rotated.password());
		GetSecretValueResponse previous = client
			.getSecretValue((r) -> r.secretId(database.secret()).versionStage("AWSPREVIOUS"));
		assertThat(previous.versionId()).isEqualTo(original);
		assertSameSecret(DatabaseSecret.parse(previous.secretString()).password(), INITIAL_PASSWORD,
				"DatabaseSecret.parse(previous.secretString()).password()");
		DescribeSecretResponse described = client.describeSecret((r) -> r.secretId(database.secret()));
		assertThat(described.lastRotatedDate()).isNotNull();
		assertThat(described.versionIdsToStages().get(token)).contains("AWSCURRENT");
		assertThat(described.versionIdsToStages().get(original)).containsExactly("AWSPREVIOUS");
	}

	@Test
	void databaseTakesTheNewPasswordBeforeAwsCurrentMoves() throws SQLException {
		Database database = newDatabase();
		String original = client.getSecretValue((r) -> r.secretId(database.secret())).versionId();
		String token = rotate(database, PAUSED_ROTATION);
		RotationOutcome paused = await().atMost(Duration.ofSeconds(30))
			.until(() -> emulator.rotation(token).orElseThrow(),
					(outcome) -> outcome.currentStep() == RotationStep.FINISH_SECRET || outcome.isDone());
		assertThat(paused.status()).isEqualTo(RotationOutcome.Status.RUNNING);
		assertThat(paused.completedSteps()).containsExactly(RotationStep.CREATE_SECRET, RotationStep.SET_SECRET,
				RotationStep.TEST_SECRET);
		GetSecretValueResponse current = client.getSecretValue((r) -> r.secretId(database.secret()));
		assertThat(current.versionId()).isEqualTo(original);
		assertSameSecret(DatabaseSecret.parse(current.secretString()).password(), INITIAL_PASSWORD,
				"DatabaseSecret.parse(current.secretString()).password()");
		String pendingPassword = DatabaseSecret
			.parse(client.getSecretValue((r) -> r.secretId(database.secret()).versionStage("AWSPENDING"))
				.secretString())
			.password();
		assertLoginRejected(database, database.owner(), INITIAL_PASSWORD);
		assertLoginWorks(database, database.owner(), pendingPassword);
		assertThat(awaitDone(token).status()).isEqualTo(RotationOutcome.Status.SUCCEEDED);
		GetSecretValueResponse rotated = client.getSecretValue((r) -> r.secretId(database.secret()));
		assertThat(rotated.versionId()).isEqualTo(token);
		assertSameSecret(DatabaseSecret.parse(rotated.secretString()).password(), pendingPassword,
				"DatabaseSecret.parse(rotated.secretString()).password()");
	}

	@Test
	void secondRotationLogsInWithTheFirstRotationsPassword() throws SQLException {
		Database database = newDatabase();
		assertThat(awaitDone(rotate(database, ROTATION)).isSucceeded()).isTrue();
		String first = DatabaseSecret.parse(client.getSecretValue((r) -> r.secretId(database.secret())).secretString())
			.password();
		String token = client.rotateSecret((r) -> r.secretId(database.secret())).versionId();
		assertThat(awaitDone(token).isSucceeded()).isTrue();
		String second = DatabaseSecret.parse(client.getSecretValue((r) -> r.secretId(database.secret())).secretString())
			.password();
		assertThat(second).isNotEqualTo(first);
		assertLoginRejected(database, database.owner(), first);
		assertLoginWorks(database, database.owner(), second);
	}

	@Test
	void failedTestSecretLeavesTheDatabaseAheadOfAwsCurrentUntilTheRotationIsRetried() throws SQLException {
		Database database = newDatabase();
		String original = client.getSecretValue((r) -> r.secretId(database.secret())).versionId();
		String token = rotate(database, FAILING_ROTATION);
		RotationOutcome failed = awaitDone(token);
		assertThat(failed.status()).isEqualTo(RotationOutcome.Status.FAILED);
		assertThat(failed.failedStep()).isEqualTo(RotationStep.TEST_SECRET);
		Map<String, List<String>> stages = client.describeSecret((r) -> r.secretId(database.secret()))
			.versionIdsToStages();
		assertThat(stages.get(original)).containsExactly("AWSCURRENT");
		assertThat(stages.get(token)).containsExactly("AWSPENDING");
		String pendingPassword = DatabaseSecret
			.parse(client.getSecretValue((r) -> r.secretId(database.secret()).versionStage("AWSPENDING"))
				.secretString())
			.password();
		// setSecret ran: the password AWSCURRENT holds no longer works.
		assertLoginRejected(database, database.owner(), INITIAL_PASSWORD);
		assertLoginWorks(database, database.owner(), pendingPassword);
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> client.rotateSecret((r) -> r.secretId(database.secret()).rotationLambdaARN(ROTATION)));
		client.rotateSecret((r) -> r.secretId(database.secret()).clientRequestToken(token).rotationLambdaARN(ROTATION));
		assertThat(awaitDone(token).status()).isEqualTo(RotationOutcome.Status.SUCCEEDED);
		GetSecretValueResponse current = client.getSecretValue((r) -> r.secretId(database.secret()));
		assertThat(current.versionId()).isEqualTo(token);
		assertSameSecret(DatabaseSecret.parse(current.secretString()).password(), pendingPassword,
				"DatabaseSecret.parse(current.secretString()).password()");
		assertLoginWorks(database, database.owner(), pendingPassword);
	}

	private static Database newDatabase() {
		int number = databases.incrementAndGet();
		Database database = new Database("orders" + number, "orders_app" + number, "rds/orders" + number);
		postgres.createDatabaseWithOwner(database.name(), database.owner(), INITIAL_PASSWORD);
		client.createSecret((r) -> r.name(database.secret())
			.secretString(postgres.rdsSecret(database.name(), database.owner(), INITIAL_PASSWORD)));
		return database;
	}

	private static String rotate(Database database, String lambdaArn) {
		return client
			.rotateSecret((r) -> r.secretId(database.secret())
				.rotationLambdaARN(lambdaArn)
				.rotationRules((rules) -> rules.automaticallyAfterDays(30L)))
			.versionId();
	}

	private static RotationOutcome awaitDone(String token) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> emulator.rotation(token).orElseThrow(), RotationOutcome::isDone);
	}

	private static void assertLoginWorks(Database database, String username, String password) throws SQLException {
		try (Connection connection = postgres.dataSource(database.name(), username, password).getConnection()) {
			assertThat(connection.isValid(5)).isTrue();
		}
	}

	private static void assertLoginRejected(Database database, String username, String password) {
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> postgres.dataSource(database.name(), username, password).getConnection().close())
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
	}

	private record Database(String name, String owner, String secret) {
	}

}
