package io.github.secretsspringboot.actuate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.secretsspringboot.test.emulator.FaultKind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter's meters, read over HTTP from the metrics endpoint of running applications:
 * names, tags and values after loading, changes, forced refreshes and failures.
 */
class SecretsMetricsTests extends ActuatorTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@Test
	void startupLoadingIsMeasured() {
		createSecret("prod/app/db", "{\"username\": \"app\", \"password\": \"" + CANARY + "\"}");
		createSecret("prod/app/api", "{\"key\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db;prod/app/api;optional:prod/app/flags")) {
			assertThat(value(app, "aws.secrets.loaded")).isEqualTo(2);
			assertThat(value(app, "aws.secrets.loaded.properties")).isEqualTo(3);
			assertThat(value(app, "aws.secrets.skipped")).isEqualTo(1);
			// One BatchGetSecretValue for the three.
			assertThat(value(app, "aws.secrets.startup.requests")).isEqualTo(1);
			JsonNode load = metric(app, "aws.secrets.startup.load");
			assertThat(load.path("baseUnit").asString()).isEqualTo("seconds");
			assertThat(measurement(load, "VALUE")).isPositive().isLessThan(30);
			// Made before the registry existed, the startup request is timed all the
			// same.
			assertThat(measurement(metric(app, "aws.secrets.requests", "operation:BatchGetSecretValue",
					"outcome:SUCCESS", "error:none"), "COUNT"))
				.isEqualTo(1);
		}
	}

	@Test
	void scheduledChangesAndChecksAreCounted() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db")) {
			putValue("prod/app/db", "{\"password\": \"two-" + CANARY + "\"}");
			await().atMost(WAIT)
				.until(() -> count(app, "aws.secrets.changes", "secret:prod/app/db", "cause:SCHEDULE") == 1);
			assertThat(count(app, "aws.secrets.refresh.cycles", "cause:SCHEDULE", "outcome:SUCCESS")).isPositive();
			JsonNode cycles = metric(app, "aws.secrets.refresh.cycles");
			assertThat(cycles.path("baseUnit").asString()).isEqualTo("seconds");
			assertThat(tagValues(cycles, "cause")).containsExactly("SCHEDULE");
			assertThat(count(app, "aws.secrets.refresh.checks", "secret:prod/app/db", "outcome:SUCCESS", "error:none"))
				.isPositive();
			assertThat(count(app, "aws.secrets.requests", "operation:DescribeSecret", "outcome:SUCCESS", "error:none"))
				.isPositive();
			// GetSecretValue: once at startup (a single secret), then once for the
			// change.
			assertThat(count(app, "aws.secrets.requests", "operation:GetSecretValue", "outcome:SUCCESS")).isEqualTo(2);
			JsonNode staleness = metric(app, "aws.secrets.staleness", "secret:prod/app/db");
			assertThat(staleness.path("baseUnit").asString()).isEqualTo("seconds");
			assertThat(measurement(staleness, "VALUE")).isGreaterThanOrEqualTo(0).isLessThan(5);
			assertThat(get(app, "aws.secrets.refresh.forced").status()).isEqualTo(404);
		}
	}

	@Test
	void forcedRefreshesAndTheirChangesAreCountedByCause() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		// Checked only when forced, and a forced refresh within the hour shares the last
		// one's result.
		try (App app = run("aws-secret:prod/app/db?prefix=db", "aws.secrets.refresh.interval=1h",
				"aws.secrets.refresh.forced-refresh-min-spacing=1h")) {
			putValue("prod/app/db", "{\"password\": \"two-" + CANARY + "\"}");
			assertThat(app.post("/actuator/secrets/prod/app/db").status()).isEqualTo(200);
			assertThat(app.post("/actuator/secrets/prod/app/db").status()).isEqualTo(200);
			assertThat(count(app, "aws.secrets.changes", "secret:prod/app/db", "cause:REQUEST")).isEqualTo(1);
			assertThat(
					count(app, "aws.secrets.refresh.forced", "secret:prod/app/db", "cause:REQUEST", "outcome:STARTED"))
				.isEqualTo(1);
			assertThat(
					count(app, "aws.secrets.refresh.forced", "secret:prod/app/db", "cause:REQUEST", "outcome:SHARED"))
				.isEqualTo(1);
			assertThat(count(app, "aws.secrets.refresh.cycles", "cause:REQUEST", "outcome:SUCCESS")).isEqualTo(1);
			assertThat(count(app, "aws.secrets.refresh.cycles", "cause:SCHEDULE")).isZero();
			assertThat(count(app, "aws.secrets.refresh.checks", "secret:prod/app/db", "outcome:SUCCESS")).isEqualTo(1);
		}
	}

	@Test
	void failuresAreTaggedWithTheirKindAndErrorCode() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db")) {
			emulator.control().denyAccess("prod/app/db");
			await().atMost(WAIT)
				.until(() -> count(app, "aws.secrets.refresh.checks", "secret:prod/app/db", "outcome:FAILURE",
						"error:ACCESS_DENIED") >= 1);
			assertThat(count(app, "aws.secrets.requests", "operation:DescribeSecret", "outcome:CLIENT_ERROR",
					"error:AccessDeniedException"))
				.isPositive();
			assertThat(count(app, "aws.secrets.refresh.cycles", "cause:SCHEDULE", "outcome:FAILURE")).isPositive();
			emulator.control().allowAccess("prod/app/db");
			emulator.control().failRequests(FaultKind.INTERNAL_SERVICE_ERROR, 1.0, "DescribeSecret");
			await().atMost(WAIT)
				.until(() -> count(app, "aws.secrets.requests", "operation:DescribeSecret", "outcome:SERVER_ERROR",
						"error:InternalServiceError") >= 1);
			emulator.control().clearFaults();
			emulator.control().outage();
			await().atMost(WAIT)
				.until(() -> count(app, "aws.secrets.requests", "operation:DescribeSecret", "outcome:UNKNOWN") >= 1);
			assertThat(count(app, "aws.secrets.refresh.checks", "secret:prod/app/db", "outcome:FAILURE",
					"error:UNAVAILABLE"))
				.isPositive();
		}
	}

	@Test
	void everyMeterIsNamedUnderTheStartersPrefix() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		try (App app = run("aws-secret:prod/app/db?prefix=db")) {
			putValue("prod/app/db", "{\"password\": \"two-" + CANARY + "\"}");
			app.post("/actuator/secrets/prod/app/db");
			List<String> names = new ArrayList<>();
			app.get("/actuator/metrics").json().path("names").values().forEach((name) -> names.add(name.asString()));
			assertThat(names.stream().filter((name) -> name.startsWith("aws.secrets."))).containsExactlyInAnyOrder(
					"aws.secrets.requests", "aws.secrets.refresh.cycles", "aws.secrets.refresh.checks",
					"aws.secrets.refresh.forced", "aws.secrets.changes", "aws.secrets.staleness", "aws.secrets.loaded",
					"aws.secrets.loaded.properties", "aws.secrets.skipped", "aws.secrets.startup.load",
					"aws.secrets.startup.requests", "aws.secrets.datasource.credential.swaps",
					"aws.secrets.datasource.soft.evictions", "aws.secrets.datasource.authentication.failures",
					"aws.secrets.datasource.pending.fallbacks");
		}
	}

	private static double value(App app, String name, String... tags) {
		return measurement(metric(app, name, tags), "VALUE");
	}

	/** The count of a meter, 0 when it has not been registered yet. */
	private static double count(App app, String name, String... tags) {
		Response response = get(app, name, tags);
		return (response.status() == 404) ? 0 : measurement(response.json(), "COUNT");
	}

	private static JsonNode metric(App app, String name, String... tags) {
		Response response = get(app, name, tags);
		assertThat(response.status()).as(name + " " + String.join(",", tags)).isEqualTo(200);
		return response.json();
	}

	private static Response get(App app, String name, String... tags) {
		StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
		for (int i = 0; i < tags.length; i++) {
			path.append((i == 0) ? '?' : '&').append("tag=").append(URLEncoder.encode(tags[i], StandardCharsets.UTF_8));
		}
		return app.get(path.toString());
	}

	private static double measurement(JsonNode metric, String statistic) {
		for (JsonNode measurement : metric.path("measurements").values()) {
			if (measurement.path("statistic").asString().equals(statistic)) {
				return measurement.path("value").asDouble();
			}
		}
		throw new AssertionError("No " + statistic + " in " + metric);
	}

	private static List<String> tagValues(JsonNode metric, String tag) {
		List<String> values = new ArrayList<>();
		for (JsonNode available : metric.path("availableTags").values()) {
			if (available.path("tag").asString().equals(tag)) {
				available.path("values").values().forEach((value) -> values.add(value.asString()));
			}
		}
		return values;
	}

}
