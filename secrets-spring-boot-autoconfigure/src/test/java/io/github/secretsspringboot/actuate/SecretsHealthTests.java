package io.github.secretsspringboot.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.rotation.FailingRotationFunction;
import io.github.secretsspringboot.test.rotation.JsonKeyRotationFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code secrets} health contributor over HTTP, in each of its states, against
 * applications that refresh from the emulator.
 */
class SecretsHealthTests extends ActuatorTestSupport {

	private static final String ROTATE_PASSWORD = "arn:aws:lambda:us-east-1:123456789012:function:rotate-password";

	private static final String FAILING_ROTATION = "arn:aws:lambda:us-east-1:123456789012:function:failing";

	private static final Duration WAIT = Duration.ofSeconds(15);

	@BeforeAll
	static void registerRotationFunctions() {
		registerRotationFunctions(emulator);
	}

	private static void registerRotationFunctions(SecretsManagerEmulator target) {
		JsonKeyRotationFunction rotatePassword = new JsonKeyRotationFunction("password");
		target.registerRotationFunction(ROTATE_PASSWORD, rotatePassword)
			.registerRotationFunction(FAILING_ROTATION, FailingRotationFunction.atTestSecret(rotatePassword));
	}

	@Test
	void checkedSecretIsUpWithItsVersionLabelsAndLastCheck() {
		String version = createSecret("prod/app/db", "{\"username\": \"app\", \"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db", "aws.secrets.refresh.interval=1s",
				"aws.secrets.health.max-staleness=" + UNSET)) {
			awaitChecked(app, "prod/app/db");
			Response health = app.get("/actuator/health/secrets");
			assertThat(health.status()).isEqualTo(200);
			assertThat(health.json().path("status").asString()).isEqualTo("UP");
			JsonNode secret = health.json().path("details").path("secrets").path("prod/app/db");
			assertThat(secret.path("state").asString()).isEqualTo("FRESH");
			assertThat(secret.path("versionId").asString()).isEqualTo(version);
			assertThat(secret.path("versionStage").asString()).isEqualTo("AWSCURRENT");
			assertThat(secret.path("versionStages").get(0).asString()).isEqualTo("AWSCURRENT");
			assertThat(Instant.parse(secret.path("lastSuccessfulCheck").asString()))
				.isBefore(Instant.now().plusSeconds(1));
			assertThat(Duration.parse(secret.path("staleness").asString())).isLessThan(Duration.ofSeconds(5));
			assertThat(secret.has("lastError")).isFalse();
			assertThat(secret.path("rotation").path("state").asString()).isEqualTo("DISABLED");
			assertThat(health.json().path("details").path("maxStaleness").asString()).isEqualTo("PT3S");
			assertThat(app.get("/actuator/health").json().path("status").asString()).isEqualTo("UP");
		}
	}

	@Test
	void secretThatCannotBeCheckedGoesStaleThenRecovers() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db", "aws.secrets.health.max-staleness=1s")) {
			awaitChecked(app, "prod/app/db");
			emulator.control().outage();
			await().atMost(WAIT).until(() -> status(app).equals("DEGRADED"));
			Response health = app.get("/actuator/health/secrets");
			// A blip must not take the instance out of a load balancer: 200 by default.
			assertThat(health.status()).isEqualTo(200);
			JsonNode secret = health.json().path("details").path("secrets").path("prod/app/db");
			assertThat(secret.path("state").asString()).isEqualTo("STALE");
			assertThat(secret.path("lastError").asString()).isEqualTo("UNAVAILABLE");
			assertThat(secret.path("consecutiveFailures").asInt()).isPositive();
			assertThat(Duration.parse(secret.path("staleness").asString()))
				.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
			// DEGRADED is not in Spring Boot's default status order: the overall status
			// stays UP.
			Response overall = app.get("/actuator/health");
			assertThat(overall.status()).isEqualTo(200);
			assertThat(overall.json().path("status").asString()).isEqualTo("UP");
			emulator.control().endOutage();
			await().atMost(WAIT).until(() -> status(app).equals("UP"));
			assertThat(secret(app, "prod/app/db").path("state").asString()).isEqualTo("FRESH");
		}
	}

	@Test
	void degradedStatusCanBeMappedTo503AndRankedInTheOverallStatus() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db", "aws.secrets.health.max-staleness=1s",
				"management.endpoint.health.status.order=DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN",
				"management.endpoint.health.status.http-mapping.degraded=503")) {
			emulator.control().outage();
			await().atMost(WAIT).until(() -> app.get("/actuator/health").status() == 503);
			assertThat(app.get("/actuator/health").json().path("status").asString()).isEqualTo("DEGRADED");
			assertThat(app.get("/actuator/health/secrets").status()).isEqualTo(503);
		}
	}

	@Test
	void degradedStatusIsConfigurable() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db", "aws.secrets.health.max-staleness=1s",
				"aws.secrets.health.degraded-status=OUT_OF_SERVICE")) {
			emulator.control().outage();
			await().atMost(WAIT).until(() -> status(app).equals("OUT_OF_SERVICE"));
			assertThat(app.get("/actuator/health/secrets").status()).isEqualTo(503);
		}
	}

	@Test
	void requiredSecretThatNeverLoadedIsDown() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		// Without on-not-found=ignore the application would not start at all.
		try (App app = run("aws-secret:prod/app/db?prefix=db;prod/app/missing", "spring.config.on-not-found=ignore")) {
			awaitChecked(app, "prod/app/db");
			Response health = app.get("/actuator/health/secrets");
			assertThat(health.status()).isEqualTo(503);
			assertThat(health.json().path("status").asString()).isEqualTo("DOWN");
			JsonNode missing = health.json().path("details").path("secrets").path("prod/app/missing");
			assertThat(missing.path("state").asString()).isEqualTo("NOT_LOADED");
			assertThat(missing.path("optional").asBoolean()).isFalse();
			assertThat(missing.path("reason").asString()).isEqualTo("NOT_FOUND");
			assertThat(app.get("/actuator/health").status()).isEqualTo(503);
		}
	}

	@Test
	void optionalSecretThatDoesNotExistLeavesHealthUp() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db;optional:prod/app/flags")) {
			awaitChecked(app, "prod/app/db");
			assertThat(status(app)).isEqualTo("UP");
			JsonNode flags = secret(app, "prod/app/flags");
			assertThat(flags.path("state").asString()).isEqualTo("NOT_LOADED");
			assertThat(flags.path("optional").asBoolean()).isTrue();
			assertThat(flags.path("reason").asString()).isEqualTo("NOT_FOUND");
		}
	}

	@Test
	void optionalSecretThatExistsButCouldNotBeReadIsDegraded() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		createSecret("prod/app/flags", "{\"beta\": \"on\"}");
		emulator.control().denyAccess("prod/app/flags");
		try (App app = run("aws-secret:prod/app/db?prefix=db;optional:prod/app/flags")) {
			awaitChecked(app, "prod/app/db");
			assertThat(status(app)).isEqualTo("DEGRADED");
			JsonNode flags = secret(app, "prod/app/flags");
			assertThat(flags.path("state").asString()).isEqualTo("NOT_LOADED");
			assertThat(flags.path("reason").asString()).isEqualTo("ACCESS_DENIED");
		}
	}

	@Test
	void pinnedAndUnrefreshedSecretsAreReportedButNeverStale() {
		String pinned = createSecret("prod/app/pinned", "{\"key\": \"" + CANARY + "\"}");
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/pinned?version-id=" + pinned + ";prod/app/db",
				"aws.secrets.health.max-staleness=1s")) {
			emulator.control().outage();
			await().atMost(WAIT).until(() -> secret(app, "prod/app/db").path("state").asString().equals("STALE"));
			JsonNode secret = secret(app, "prod/app/pinned");
			assertThat(secret.path("state").asString()).isEqualTo("PINNED");
			assertThat(secret.path("versionId").asString()).isEqualTo(pinned);
			assertThat(secret.has("staleness")).isFalse();
		}
		emulator.control().endOutage();
		try (App app = run("aws-secret:prod/app/db", "aws.secrets.refresh.enabled=false",
				"aws.secrets.health.max-staleness=1s")) {
			emulator.control().outage();
			assertThat(secret(app, "prod/app/db").path("state").asString()).isEqualTo("NOT_REFRESHED");
			await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> status(app).equals("UP"));
		}
	}

	@Test
	void overdueRotationIsDegradedUntilTheSecretRotates() {
		// Secrets Manager three days ago: the rotation it schedules is a day late by now.
		Clock threeDaysAgo = Clock.offset(Clock.systemUTC(), Duration.ofDays(-3));
		try (SecretsManagerEmulator past = SecretsManagerEmulator.builder().clock(threeDaysAgo).start()) {
			registerRotationFunctions(past);
			SecretsManagerClient client = past.client();
			client.createSecret((request) -> request.name("prod/app/db").secretString("{\"password\": \"old\"}"));
			awaitRotation(past,
					client
						.rotateSecret((request) -> request.secretId("prod/app/db")
							.rotationLambdaARN(ROTATE_PASSWORD)
							.rotationRules((rules) -> rules.automaticallyAfterDays(1L)))
						.versionId());
			try (App app = run(past, "aws-secret:prod/app/db?prefix=db")) {
				awaitChecked(app, "prod/app/db");
				assertThat(status(app)).isEqualTo("DEGRADED");
				JsonNode rotation = secret(app, "prod/app/db").path("rotation");
				assertThat(rotation.path("state").asString()).isEqualTo("OVERDUE");
				assertThat(rotation.path("enabled").asBoolean()).isTrue();
				assertThat(rotation.path("rules").path("automaticallyAfterDays").asInt()).isEqualTo(1);
				assertThat(Instant.parse(rotation.path("nextRotation").asString()))
					.isBefore(Instant.now().minus(Duration.ofHours(1)));
				assertThat(rotation.has("lastRotated")).isTrue();
				assertThat(secret(app, "prod/app/db").path("state").asString()).isEqualTo("FRESH");
				// Back to the present, where the rotation finally runs.
				past.control().advanceClock(Duration.ofDays(3));
				awaitRotation(past, client.rotateSecret((request) -> request.secretId("prod/app/db")).versionId());
				// A rotation under way is UP too: wait for the check that sees it
				// finished.
				await().atMost(WAIT)
					.until(() -> secret(app, "prod/app/db").path("rotation").path("state").asString().equals("OK"));
				assertThat(status(app)).isEqualTo("UP");
			}
		}
	}

	@Test
	void rotationThatLeftAwsPendingBehindIsStuckUntilItIsFinished() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db", "aws.secrets.health.stuck-rotation-threshold=1s")) {
			awaitChecked(app, "prod/app/db");
			assertThat(status(app)).isEqualTo("UP");
			String token = secrets()
				.rotateSecret((request) -> request.secretId("prod/app/db")
					.rotationLambdaARN(FAILING_ROTATION)
					.rotationRules((rules) -> rules.automaticallyAfterDays(30L)))
				.versionId();
			assertThat(awaitRotation(emulator, token).isFailed()).isTrue();
			await().atMost(WAIT)
				.until(() -> secret(app, "prod/app/db").path("rotation").path("state").asString().equals("STUCK"));
			assertThat(status(app)).isEqualTo("DEGRADED");
			JsonNode rotation = secret(app, "prod/app/db").path("rotation");
			assertThat(rotation.path("pendingVersionId").asString()).isEqualTo(token);
			assertThat(Duration.between(Instant.parse(rotation.path("pendingSince").asString()),
					Instant.parse(rotation.path("describedAt").asString())))
				.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
			// The secret's own values are current: only the rotation is wrong.
			assertThat(secret(app, "prod/app/db").path("state").asString()).isEqualTo("FRESH");
			// Retrying the rotation with its token and a working function finishes it.
			secrets().rotateSecret((request) -> request.secretId("prod/app/db")
				.clientRequestToken(token)
				.rotationLambdaARN(ROTATE_PASSWORD));
			assertThat(awaitRotation(emulator, token).isSucceeded()).isTrue();
			await().atMost(WAIT).until(() -> status(app).equals("UP"));
			JsonNode secret = secret(app, "prod/app/db");
			assertThat(secret.path("rotation").path("state").asString()).isEqualTo("OK");
			assertThat(secret.path("versionId").asString()).isEqualTo(token);
		}
	}

	@Test
	void rotationUnderWayIsRotatingAndUp() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db")) {
			awaitChecked(app, "prod/app/db");
			String token = secrets()
				.rotateSecret((request) -> request.secretId("prod/app/db")
					.rotationLambdaARN(FAILING_ROTATION)
					.rotationRules((rules) -> rules.automaticallyAfterDays(30L)))
				.versionId();
			awaitRotation(emulator, token);
			await().atMost(WAIT)
				.until(() -> secret(app, "prod/app/db").path("rotation").path("state").asString().equals("ROTATING"));
			assertThat(secret(app, "prod/app/db").path("rotation").path("pendingVersionId").asString())
				.isEqualTo(token);
			assertThat(status(app)).isEqualTo("UP");
		}
	}

	@Test
	void contributorIsInNoProbeGroupUnlessAddedToReadiness() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		String[] settings = { "spring.config.on-not-found=ignore", "management.endpoint.health.probes.enabled=true" };
		try (App app = run("aws-secret:prod/app/db?prefix=db;prod/app/missing", settings)) {
			awaitChecked(app, "prod/app/db");
			assertThat(status(app)).isEqualTo("DOWN");
			assertThat(app.get("/actuator/health/liveness").status()).isEqualTo(200);
			assertThat(app.get("/actuator/health/readiness").status()).isEqualTo(200);
		}
		try (App app = run("aws-secret:prod/app/db?prefix=db;prod/app/missing", settings[0], settings[1],
				"management.endpoint.health.group.readiness.include=readinessState,secrets")) {
			assertThat(app.get("/actuator/health/liveness").status()).isEqualTo(200);
			Response readiness = app.get("/actuator/health/readiness");
			assertThat(readiness.status()).isEqualTo(503);
			assertThat(readiness.json().path("status").asString()).isEqualTo("DOWN");
		}
	}

	@Test
	void contributorCanBeTurnedOff() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db", "management.health.secrets.enabled=false")) {
			assertThat(app.get("/actuator/health/secrets").status()).isEqualTo(404);
			assertThat(app.get("/actuator/health").json().path("components").has("secrets")).isFalse();
		}
	}

	/**
	 * Waits for the first successful check, before which a secret is as old as the
	 * application.
	 */
	private static void awaitChecked(App app, String key) {
		await().atMost(WAIT)
			.until(() -> secret(app, key),
					(secret) -> secret.has("lastSuccessfulCheck") && secret.path("state").asString().equals("FRESH"));
	}

	private static String status(App app) {
		return app.secretsHealth().path("status").asString();
	}

	private static JsonNode secret(App app, String key) {
		return app.secretsHealth().path("details").path("secrets").path(key);
	}

	private static RotationOutcome awaitRotation(SecretsManagerEmulator target, String token) {
		return await().atMost(WAIT).until(() -> target.rotation(token).orElseThrow(), RotationOutcome::isDone);
	}

}
