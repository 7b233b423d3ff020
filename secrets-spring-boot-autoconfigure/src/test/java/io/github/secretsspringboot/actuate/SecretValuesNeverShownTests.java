package io.github.secretsspringboot.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.rotation.FailingRotationFunction;
import io.github.secretsspringboot.test.rotation.JsonKeyRotationFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No Actuator response shows a value that came from a secret: not the values loaded, not
 * a new version's, not a stuck rotation's pending one, whatever state the secrets are in.
 */
class SecretValuesNeverShownTests extends ActuatorTestSupport {

	private static final String FAILING_ROTATION = "arn:aws:lambda:us-east-1:123456789012:function:failing-rotation";

	private static final Duration WAIT = Duration.ofSeconds(15);

	@BeforeAll
	static void registerRotationFunction() {
		emulator.registerRotationFunction(FAILING_ROTATION,
				FailingRotationFunction.atTestSecret(new JsonKeyRotationFunction("password")));
	}

	@Test
	void noActuatorResponseShowsASecretValue() {
		String host = CANARY + ".db.internal";
		createSecret("prod/app/db", "{\"username\": \"" + CANARY + "-user\", \"password\": \"" + CANARY
				+ "-password\", \"host\": \"" + host + "\"}");
		createSecret("prod/app/api-key", CANARY + "-api-key");
		createSecret("prod/app/flags", "{\"beta\": \"" + CANARY + "-flag\"}");
		createSecret("prod/app/rotated", "{\"user\": \"rotated\", \"password\": \"" + CANARY + "-rotated\"}");
		emulator.control().denyAccess("prod/app/flags");
		try (App app = run(
				"aws-secret:prod/app/db?prefix=db;prod/app/api-key?as=api.key;optional:prod/app/flags;"
						+ "prod/app/rotated?prefix=rotated",
				"aws.secrets.health.stuck-rotation-threshold=0s", "plain.value=visible-value")) {
			// A new version, put in force by a forced refresh.
			putValue("prod/app/db", "{\"username\": \"" + CANARY + "-user\", \"password\": \"" + CANARY
					+ "-password-2\", \"host\": \"" + host + "\"}");
			Map<String, String> responses = new LinkedHashMap<>();
			responses.put("POST /actuator/secrets/prod/app/db", app.post("/actuator/secrets/prod/app/db").body());
			assertThat(app.context().getEnvironment().getProperty("db.password")).isEqualTo(CANARY + "-password-2");
			// A rotation that stops with a new password on AWSPENDING.
			String token = secrets()
				.rotateSecret((request) -> request.secretId("prod/app/rotated")
					.rotationLambdaARN(FAILING_ROTATION)
					.rotationRules((rules) -> rules.automaticallyAfterDays(30L)))
				.versionId();
			await().atMost(WAIT).until(() -> emulator.rotation(token).orElseThrow(), RotationOutcome::isDone);
			String pending = JSON
				.readTree(secrets()
					.getSecretValue((request) -> request.secretId("prod/app/rotated").versionStage("AWSPENDING"))
					.secretString())
				.path("password")
				.asString();
			assertThat(pending).isNotBlank();
			await().atMost(WAIT).until(() -> app.get("/actuator/health/secrets").body().contains("\"STUCK\""));
			// A failing check.
			emulator.control().denyAccess("prod/app/db");
			await().atMost(WAIT).until(() -> app.get("/actuator/health/secrets").body().contains("ACCESS_DENIED"));
			responses.put("POST /actuator/secrets", app.post("/actuator/secrets").body());
			for (String path : List.of("/actuator/health", "/actuator/health/secrets", "/actuator/secrets",
					"/actuator/secrets/prod/app/db", "/actuator/secrets/prod/app/api-key", "/actuator/env",
					"/actuator/env/db.password", "/actuator/env/api.key", "/actuator/configprops", "/actuator/beans",
					"/actuator/metrics")) {
				Response response = app.get(path);
				assertThat(response.status()).as(path).isEqualTo(200);
				responses.put(path, response.body());
			}
			for (String name : meterNames(app)) {
				responses.put(name, app.get("/actuator/metrics/" + name).body());
			}
			// The endpoints do show values that did not come from a secret, and name the
			// secrets' properties.
			assertThat(responses.get("/actuator/env")).contains("visible-value", "db.password", "******");
			assertThat(responses.get("/actuator/secrets")).contains("db.password", "api.key");
			responses.forEach((request, body) -> {
				assertThat(body).as(request).doesNotContain(CANARY).doesNotContain(pending);
			});
			assertThat(pending).doesNotContain(CANARY);
		}
	}

	private static List<String> meterNames(App app) {
		List<String> names = new ArrayList<>();
		app.get("/actuator/metrics").json().path("names").values().forEach((name) -> {
			if (name.asString().startsWith("aws.secrets.")) {
				names.add(name.asString());
			}
		});
		assertThat(names).isNotEmpty();
		return names;
	}

}
