package io.github.secretsspringboot.refresh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.emulator.RotationStep;
import io.github.secretsspringboot.test.rotation.FailingRotationFunction;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

import static io.github.secretsspringboot.refresh.ActuatorReadings.checks;
import static io.github.secretsspringboot.refresh.ActuatorReadings.health;
import static io.github.secretsspringboot.refresh.ActuatorReadings.secretHealth;
import static io.github.secretsspringboot.refresh.ActuatorReadings.status;
import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * New versions whose contents are wrong, stored as AWSCURRENT while the application runs
 * (as an operator's edit or a broken rotation would): what cannot be mapped as the import
 * asks leaves the last good values in force and shows in health and metrics, what is
 * valid is applied, and the refresher goes on checking the other secrets. No value
 * reaches the log or the health details.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadSecretContentTests extends RefreshTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final String FAILS_AT_CREATE_SECRET = "arn:aws:lambda:us-east-1:123456789012:function:"
			+ "fails-at-create";

	private static final String DB = "prod/app/db";

	private static final String OTHER = "prod/app/other";

	private static final String FIRST = CANARY + "-first";

	@BeforeAll
	static void registerRotationFunction() {
		emulator.registerRotationFunction(FAILS_AT_CREATE_SECRET,
				FailingRotationFunction.at(RotationStep.CREATE_SECRET));
	}

	@Test
	void invalidJsonInAJsonSecretKeepsTheLastGoodValuesUntilAValidVersion(CapturedOutput output) {
		createSecrets();
		try (ConfigurableApplicationContext context = run(imports(), "aws.secrets.health.max-staleness=1s")) {
			ConfigurableEnvironment environment = context.getEnvironment();
			// An edit that lost its end: mapped as text, it would replace db.username and
			// db.password.
			putValue(DB, "{\"username\": \"app\", \"password\": \"" + CANARY + "-broken\"");
			assertRejected(context, DB, SecretErrorKind.INVALID_CONTENT);
			assertSameSecret(environment.getProperty("db.password"), FIRST, "db.password");
			assertThat(environment.getProperty("db.username")).isEqualTo("app");
			assertThat(environment.containsProperty("db.db")).isFalse();
			// Not confirmed current any more: stale once max-staleness has passed.
			await().atMost(WAIT).until(() -> status(context).equals("DEGRADED"));
			assertThat(secretHealth(context, DB)).containsEntry("state", "STALE");
			String fixed = putValue(DB, credentials(CANARY + "-fixed"));
			await().atMost(WAIT)
				.untilAsserted(() -> assertSameSecret(environment.getProperty("db.password"), CANARY + "-fixed",
						"db.password after the fix"));
			assertThat(state(context, DB).versionId()).isEqualTo(fixed);
			await().atMost(WAIT).until(() -> status(context).equals("UP"));
			assertNothingShown(context, output);
		}
	}

	@Test
	void jsonArrayReplacesAJsonObjectOnlyWhereTheSecretWasText(CapturedOutput output) {
		createSecrets();
		createSecret("prod/app/hosts", "db1.internal");
		try (ConfigurableApplicationContext context = run(imports() + ";prod/app/hosts?as=hosts")) {
			ConfigurableEnvironment environment = context.getEnvironment();
			putValue(DB, "[\"" + CANARY + "-array\", \"app\"]");
			// Text stays text: an array is one text property, as at startup.
			String hosts = putValue("prod/app/hosts", "[\"db1.internal\", \"db2.internal\"]");
			assertRejected(context, DB, SecretErrorKind.INVALID_CONTENT);
			assertSameSecret(environment.getProperty("db.password"), FIRST, "db.password");
			assertThat(environment.containsProperty("db.db")).isFalse();
			await().atMost(WAIT).until(() -> hosts.equals(state(context, "prod/app/hosts").versionId()));
			assertThat(environment.getProperty("hosts")).isEqualTo("[\"db1.internal\", \"db2.internal\"]");
			assertThat(state(context, "prod/app/hosts").failures()).isZero();
			assertNothingShown(context, output);
		}
	}

	@Test
	void emptyStringIsRefusedBySecretsManagerAndNothingChanges(CapturedOutput output) {
		createSecrets();
		try (ConfigurableApplicationContext context = run(imports())) {
			// SecretString must be 1 to 65,536 bytes long, in AWS as in the emulator.
			assertThatExceptionOfType(SecretsManagerException.class).isThrownBy(() -> putValue(DB, ""))
				.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
			assertThat(secrets().listSecretVersionIds((request) -> request.secretId(DB)).versions()).hasSize(1);
			long cycles = registry(context).getCycles();
			await().atMost(WAIT).until(() -> registry(context).getCycles() >= cycles + 3);
			assertSameSecret(context.getEnvironment().getProperty("db.password"), FIRST, "db.password");
			assertThat(state(context, DB).failures()).isZero();
			assertThat(status(context)).isEqualTo("UP");
			assertOtherSecretStillRefreshed(context);
			assertNothingShown(context, output);
		}
	}

	@Test
	void valueOfExactly65536BytesIsApplied(CapturedOutput output) {
		createSecrets();
		try (ConfigurableApplicationContext context = run(imports())) {
			String head = "{\"username\": \"app\", \"password\": \"" + CANARY + "-large\", \"padding\": \"";
			String tail = "\"}";
			int room = 65_536 - head.getBytes(StandardCharsets.UTF_8).length
					- tail.getBytes(StandardCharsets.UTF_8).length;
			// Two-byte characters: the quota counts UTF-8 bytes.
			String padding = "é".repeat(room / 2) + "x".repeat(room % 2);
			String largest = head + padding + tail;
			assertThat(largest.getBytes(StandardCharsets.UTF_8).length).isEqualTo(65_536);
			String version = putValue(DB, largest);
			await().atMost(WAIT).until(() -> version.equals(state(context, DB).versionId()));
			ConfigurableEnvironment environment = context.getEnvironment();
			assertSameSecret(environment.getProperty("db.password"), CANARY + "-large", "db.password");
			assertSameSecret(environment.getProperty("db.padding"), padding, "db.padding");
			assertThat(state(context, DB).failures()).isZero();
			assertThat(status(context)).isEqualTo("UP");
			assertNothingShown(context, output);
		}
	}

	@Test
	void binaryVersionIsAppliedToABinarySecretAndRejectedForAJsonOne(CapturedOutput output) {
		createSecrets();
		byte[] first = notUtf8("first");
		secrets()
			.createSecret((request) -> request.name("prod/app/keystore").secretBinary(SdkBytes.fromByteArray(first)));
		try (ConfigurableApplicationContext context = run(imports() + ";prod/app/keystore?as=keystore")) {
			ConfigurableEnvironment environment = context.getEnvironment();
			byte[] second = notUtf8(CANARY + "-second");
			secrets().putSecretValue(
					(request) -> request.secretId("prod/app/keystore").secretBinary(SdkBytes.fromByteArray(second)));
			secrets().putSecretValue((request) -> request.secretId(DB).secretBinary(SdkBytes.fromByteArray(second)));
			String encoded = Base64.getEncoder().encodeToString(second);
			await().atMost(WAIT)
				.untilAsserted(() -> assertSameSecret(environment.getProperty("keystore"), encoded, "keystore"));
			assertRejected(context, DB, SecretErrorKind.INVALID_CONTENT);
			assertSameSecret(environment.getProperty("db.password"), FIRST, "db.password");
			assertThat(environment.containsProperty("db.db")).isFalse();
			assertNothingShown(context, output);
			assertThat(output.toString().contains(encoded)).as("the log shows a binary secret value").isFalse();
		}
	}

	@Test
	void datasourceSecretThatLosesItsPasswordKeepsTheDataSourceProperties(CapturedOutput output) {
		createSecrets();
		createSecret("prod/app/rds", rds("\"password\": \"" + CANARY + "-rds\", "));
		try (ConfigurableApplicationContext context = run(imports() + ";prod/app/rds?format=datasource")) {
			ConfigurableEnvironment environment = context.getEnvironment();
			String url = environment.getProperty("spring.datasource.url");
			putValue("prod/app/rds", rds(""));
			assertRejected(context, "prod/app/rds", SecretErrorKind.INVALID_CONTENT);
			assertSameSecret(environment.getProperty("spring.datasource.password"), CANARY + "-rds",
					"spring.datasource.password");
			assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(url);
			// The warning names the missing key, not a value.
			assertThat(output.toString()
				.lines()
				.filter((line) -> line.contains(" WARN ") && line.contains("Could not refresh secret 'prod/app/rds'")))
				.first()
				.satisfies((line) -> assertThat(line).contains("INVALID_CONTENT", "password"));
			assertNothingShown(context, output);
		}
	}

	@Test
	void awsPendingLeftOnAVersionWithoutValueKeepsTheValuesAndShowsAStuckRotation(CapturedOutput output) {
		createSecrets();
		try (ConfigurableApplicationContext context = run(imports(),
				"aws.secrets.health.stuck-rotation-threshold=1s")) {
			String token = secrets()
				.rotateSecret((request) -> request.secretId(DB)
					.rotationLambdaARN(FAILS_AT_CREATE_SECRET)
					.rotationRules((rules) -> rules.automaticallyAfterDays(30L)))
				.versionId();
			assertThat(await().atMost(WAIT)
				.until(() -> emulator.rotation(token).orElseThrow(), RotationOutcome::isDone)
				.isFailed()).isTrue();
			emulator.control().resetCounters();
			await().atMost(WAIT).until(() -> status(context).equals("DEGRADED"));
			Map<String, Object> db = secretHealth(context, DB);
			assertThat(db).containsEntry("state", "FRESH").doesNotContainKey("lastError");
			assertThat(db.get("rotation")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("state", "STUCK")
				.containsEntry("pendingVersionId", token);
			// The version without a value is never read: AWSCURRENT did not move.
			assertThat(requests("GetSecretValue")).isZero();
			assertSameSecret(context.getEnvironment().getProperty("db.password"), FIRST, "db.password");
			assertThat(state(context, DB).failures()).isZero();
			assertOtherSecretStillRefreshed(context);
			// Removing the label ends it.
			secrets().updateSecretVersionStage(
					(request) -> request.secretId(DB).versionStage("AWSPENDING").removeFromVersionId(token));
			await().atMost(WAIT).until(() -> status(context).equals("UP"));
			assertNothingShown(context, output);
		}
	}

	@Test
	void secretDeletedThenRestoredKeepsItsValuesThenTakesTheNextVersion(CapturedOutput output) {
		createSecrets();
		try (ConfigurableApplicationContext context = run(imports())) {
			ConfigurableEnvironment environment = context.getEnvironment();
			secrets().deleteSecret((request) -> request.secretId(DB).recoveryWindowInDays(7L));
			assertRejected(context, DB, SecretErrorKind.SCHEDULED_FOR_DELETION);
			assertSameSecret(environment.getProperty("db.password"), FIRST, "db.password");
			secrets().restoreSecret((request) -> request.secretId(DB));
			putValue(DB, credentials(CANARY + "-restored"));
			await().atMost(WAIT)
				.untilAsserted(() -> assertSameSecret(environment.getProperty("db.password"), CANARY + "-restored",
						"db.password after the restore"));
			assertThat(secretHealth(context, DB)).containsEntry("state", "FRESH")
				.doesNotContainKey("consecutiveFailures");
			// Counted once the cycle that applied it completes.
			await().atMost(WAIT).until(() -> checks(context, DB, "SUCCESS", "none") > 0);
			assertNothingShown(context, output);
		}
	}

	/** The secret under test and another one, which must keep being refreshed. */
	private static void createSecrets() {
		createSecret(DB, credentials(FIRST));
		createSecret(OTHER, "{\"flag\": \"one\"}");
	}

	private static String imports() {
		return "aws-secret:" + DB + "?prefix=db;" + OTHER + "?prefix=other";
	}

	/**
	 * Waits until the refresher has failed to use the new version twice, then checks that
	 * health, metrics and the other secret show it.
	 */
	private static void assertRejected(ConfigurableApplicationContext context, String secretId, SecretErrorKind error) {
		await().atMost(WAIT)
			.until(() -> state(context, secretId).lastError() == error
					&& state(context, secretId).consecutiveFailures() >= 2);
		Map<String, Object> health = secretHealth(context, secretId);
		assertThat(health).containsEntry("lastError", error.name());
		assertThat((Integer) health.get("consecutiveFailures")).isPositive();
		// Counted as the cycle completes.
		await().atMost(WAIT).until(() -> checks(context, secretId, "FAILURE", error.name()) > 0);
		assertOtherSecretStillRefreshed(context);
	}

	private static void assertOtherSecretStillRefreshed(ConfigurableApplicationContext context) {
		String flag = UUID.randomUUID().toString();
		putValue(OTHER, "{\"flag\": \"" + flag + "\"}");
		await().atMost(WAIT).until(() -> flag.equals(context.getEnvironment().getProperty("other.flag")));
		assertThat(state(context, OTHER).isFailing()).isFalse();
	}

	private static void assertNothingShown(ConfigurableApplicationContext context, CapturedOutput output) {
		assertThat(health(context).toString().contains(CANARY)).as("health shows a secret value").isFalse();
		assertThat(output.toString().contains(CANARY)).as("the log shows a secret value").isFalse();
	}

	private static String credentials(String password) {
		return "{\"username\": \"app\", \"password\": \"" + password + "\"}";
	}

	private static String rds(String password) {
		return "{\"engine\": \"postgres\", \"host\": \"db1.internal\", \"port\": 5432, \"dbname\": \"app\", " + password
				+ "\"username\": \"app\"}";
	}

	/** Bytes that are not UTF-8 (0xFF never occurs in it), around {@code text}. */
	private static byte[] notUtf8(String text) {
		byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
		byte[] bytes = new byte[ascii.length + 4];
		bytes[0] = (byte) 0xFF;
		bytes[1] = (byte) 0xC3;
		bytes[2] = 0x28;
		System.arraycopy(ascii, 0, bytes, 3, ascii.length);
		bytes[bytes.length - 1] = 0;
		return bytes;
	}

}
