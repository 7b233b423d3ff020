package io.github.secretsspringboot.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.test.emulator.FaultKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

import static io.github.secretsspringboot.refresh.ActuatorReadings.changes;
import static io.github.secretsspringboot.refresh.ActuatorReadings.checks;
import static io.github.secretsspringboot.refresh.ActuatorReadings.health;
import static io.github.secretsspringboot.refresh.ActuatorReadings.refreshWarnings;
import static io.github.secretsspringboot.refresh.ActuatorReadings.secretHealth;
import static io.github.secretsspringboot.refresh.ActuatorReadings.stalenessSeconds;
import static io.github.secretsspringboot.refresh.ActuatorReadings.status;
import static io.github.secretsspringboot.refresh.ActuatorReadings.warningsAndErrors;
import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Secrets Manager failing while the application runs and reads its secrets without pause:
 * an outage of many intervals, throttling of half the requests, and seconds of latency.
 * The application keeps its last good values, shows the trouble in health and metrics,
 * logs it without flooding, sends no more requests than its configuration allows, and
 * takes a value changed meanwhile once Secrets Manager answers again.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefreshUnderFaultsTests extends RefreshTestSupport {

	private static final Duration REFRESH_INTERVAL = Duration.ofMillis(300);

	private static final Duration MAX_BACKOFF = Duration.ofMillis(1200);

	/**
	 * A maximum backoff long enough for the probing of an outage to make a difference.
	 */
	private static final Duration LONG_BACKOFF = Duration.ofSeconds(30);

	/**
	 * Waits of 0.3, 0.6, 1.2, 2.4, 4.8, 9.6, 19.2 and 30 s after failures: eight steps,
	 * each logged once.
	 */
	private static final int LONG_BACKOFF_STEPS = 8;

	private static final Duration WAIT = Duration.ofSeconds(30);

	/** Every operation the refresher calls: failing them all cuts the application off. */
	private static final String[] READ_OPERATIONS = { "DescribeSecret", "GetSecretValue", "BatchGetSecretValue" };

	private static final String DB = "prod/app/db";

	private static final String API = "prod/app/api";

	private static final String FIRST = CANARY + "-first";

	private static final String SECOND = CANARY + "-second";

	@Test
	void outageOfManyIntervalsKeepsEveryReadWorkingAndTheFirstCycleAfterItTakesTheNewValue(CapturedOutput output) {
		createSecret(DB, credentials(FIRST));
		createSecret(API, "{\"username\": \"api\", \"password\": \"" + CANARY + "-api\"}");
		try (ConfigurableApplicationContext context = runWithFaultSettings(imports(List.of(DB, API)),
				"aws.secrets.health.max-staleness=1s",
				"aws.secrets.refresh.max-backoff=" + LONG_BACKOFF.toSeconds() + "s")) {
			ConfigurableEnvironment environment = context.getEnvironment();
			awaitChecked(context, DB, API);
			assertThat(status(context)).isEqualTo("UP");
			try (PropertyReader reader = PropertyReader.start(environment, "db", FIRST, SECOND)) {
				int mark = output.length();
				// Every request of the application fails, while the test can still write.
				emulator.control().failRequests(FaultKind.CONNECTION_RESET, 1.0, READ_OPERATIONS);
				putValue(DB, credentials(SECOND));
				// Many intervals long: each secret waits 32 intervals before its next
				// scheduled check.
				await().atMost(WAIT)
					.until(() -> state(context, DB).consecutiveFailures() >= 6
							&& state(context, API).consecutiveFailures() >= 6);
				assertSameSecret(environment.getProperty("db.password"), FIRST, "db.password during the outage");
				SecretRefreshState failing = state(context, DB);
				assertThat(failing.lastError()).isEqualTo(SecretErrorKind.UNAVAILABLE);
				assertThat(status(context)).isEqualTo("DEGRADED");
				Map<String, Object> db = secretHealth(context, DB);
				assertThat(db).containsEntry("state", "STALE").containsEntry("lastError", "UNAVAILABLE");
				assertThat((Integer) db.get("consecutiveFailures")).isGreaterThanOrEqualTo(6);
				assertThat(stalenessSeconds(context, DB)).isGreaterThan(1.0);
				// Counted as each cycle completes.
				await().atMost(WAIT)
					.until(() -> checks(context, DB, "FAILURE", "UNAVAILABLE") >= 6
							&& checks(context, API, "FAILURE", "UNAVAILABLE") >= 6);
				// Secrets Manager answers again, long before either secret's next
				// scheduled check.
				Instant outageEnd = Instant.now();
				emulator.control().clearFaults();
				SecretRefreshState dbAtEnd = state(context, DB);
				SecretRefreshState apiAtEnd = state(context, API);
				assertThat(Duration.between(dbAtEnd.lastFailure(), dbAtEnd.nextCheck()))
					.isGreaterThanOrEqualTo(REFRESH_INTERVAL.multipliedBy(32));
				await().atMost(WAIT)
					.untilAsserted(() -> assertSameSecret(environment.getProperty("db.password"), SECOND,
							"db.password after the outage"));
				await().atMost(WAIT).until(() -> state(context, API).consecutiveFailures() == 0);
				SecretRefreshState dbRecovered = state(context, DB);
				SecretRefreshState apiRecovered = state(context, API);
				// Each cycle checks one of them early; the first answer has the other
				// checked at once.
				assertThat(dbRecovered.lastChange()).isAfter(outageEnd).isBefore(dbAtEnd.nextCheck());
				assertThat(apiRecovered.lastSuccessfulCheck()).isAfter(outageEnd).isBefore(apiAtEnd.nextCheck());
				// The check in flight as the outage ended, if any, is the only one to
				// fail after it.
				assertThat(dbRecovered.failures() + apiRecovered.failures())
					.isLessThanOrEqualTo(dbAtEnd.failures() + apiAtEnd.failures() + 1);
				report("Outage: new value in force %d ms after the outage ended (interval %d ms, "
						+ "next scheduled check was %d ms away)",
						Duration.between(outageEnd, dbRecovered.lastChange()).toMillis(), REFRESH_INTERVAL.toMillis(),
						Duration.between(outageEnd, dbAtEnd.nextCheck()).toMillis());
				await().atMost(WAIT).until(() -> status(context).equals("UP"));
				assertThat(secretHealth(context, DB)).containsEntry("state", "FRESH")
					.doesNotContainKey("consecutiveFailures");
				await().atMost(WAIT).until(() -> changes(context, DB) == 1);
				assertThat(output.toString().contains("Secret '" + DB + "' is refreshed again after"))
					.as("the recovery is logged")
					.isTrue();
				// One warning per secret and backoff step reached, nothing else logged at
				// WARN or ERROR.
				List<String> warnings = warningsAndErrors(output, mark);
				assertThat(refreshWarnings(warnings, DB))
					.hasSize(Math.min((int) dbRecovered.failures(), LONG_BACKOFF_STEPS))
					.allSatisfy((line) -> assertThat(line).contains("UNAVAILABLE"));
				assertThat(refreshWarnings(warnings, API))
					.hasSize(Math.min((int) apiRecovered.failures(), LONG_BACKOFF_STEPS));
				assertThat(warnings)
					.hasSize(refreshWarnings(warnings, DB).size() + refreshWarnings(warnings, API).size());
				reader.close();
				assertThat(reader.failureDescriptions()).isEmpty();
				assertThat(reader.reads()).isGreaterThan(100);
				assertThat(reader.latest()).isEqualTo(1);
				report("Outage: %d reads, none failed", reader.reads());
			}
			assertThat(health(context).toString().contains(CANARY)).as("health shows a secret value").isFalse();
		}
		assertThat(output.toString().contains(CANARY)).as("the log shows a secret value").isFalse();
	}

	@Test
	void outageOfManySecretsCostsOneRequestPerIntervalAndAllRecoverTogether() {
		List<String> secretIds = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			secretIds.add("prod/app/service-" + i);
			createSecret(secretIds.get(i), credentials(CANARY + "-" + i));
		}
		try (ConfigurableApplicationContext context = runWithFaultSettings(imports(secretIds),
				"aws.secrets.refresh.max-backoff=" + LONG_BACKOFF.toSeconds() + "s")) {
			awaitChecked(context, secretIds.toArray(String[]::new));
			emulator.control().failRequests(FaultKind.CONNECTION_RESET, 1.0, READ_OPERATIONS);
			// Past the first backoff steps: each secret now waits at least 8 intervals.
			await().atMost(WAIT)
				.until(() -> secretIds.stream()
					.allMatch((secretId) -> state(context, secretId).consecutiveFailures() >= 4));
			emulator.control().resetCounters();
			Instant start = Instant.now();
			long cycles = registry(context).getCycles();
			await().atMost(WAIT).until(() -> registry(context).getCycles() >= cycles + 10);
			long requests = emulator.control().totalRequests();
			Duration window = Duration.between(start, Instant.now());
			// One early check per periodic cycle, plus each secret's own checks at its
			// backoff
			// (made up to half an interval early); without backoff, 8 per cycle.
			long cyclesInWindow = window.toMillis() / REFRESH_INTERVAL.toMillis() + 1;
			long scheduledPerSecret = window.toMillis()
					/ REFRESH_INTERVAL.multipliedBy(8).minus(REFRESH_INTERVAL.dividedBy(2)).toMillis() + 1;
			assertThat(requests).as("requests in %s", window)
				.isLessThanOrEqualTo(cyclesInWindow + secretIds.size() * scheduledPerSecret)
				.isLessThan(secretIds.size() * cyclesInWindow / 2);
			report("Outage of 8 secrets: %d requests in %d ms (%d cycles; %d without backoff)", requests,
					window.toMillis(), cyclesInWindow, secretIds.size() * cyclesInWindow);
			Map<String, SecretRefreshState> atEnd = new LinkedHashMap<>();
			secretIds.forEach((secretId) -> atEnd.put(secretId, state(context, secretId)));
			Instant outageEnd = Instant.now();
			emulator.control().clearFaults();
			await().atMost(WAIT)
				.until(() -> secretIds.stream()
					.allMatch((secretId) -> state(context, secretId).consecutiveFailures() == 0));
			Instant lastRecovered = outageEnd;
			for (String secretId : secretIds) {
				SecretRefreshState recovered = state(context, secretId);
				assertThat(recovered.lastSuccessfulCheck()).as(secretId)
					.isAfter(outageEnd)
					.isBefore(atEnd.get(secretId).nextCheck());
				lastRecovered = recovered.lastSuccessfulCheck().isAfter(lastRecovered) ? recovered.lastSuccessfulCheck()
						: lastRecovered;
			}
			report("Outage of 8 secrets: all checked successfully %d ms after the outage ended",
					Duration.between(outageEnd, lastRecovered).toMillis());
		}
	}

	@Test
	void throttlingOfHalfTheRequestsKeepsTheValuesBacksOffAndStaysWithinTheRequestBudget(CapturedOutput output) {
		List<String> secretIds = List.of(DB, API, "prod/app/cache", "prod/app/queue");
		createSecret(DB, credentials(FIRST));
		for (String secretId : secretIds.subList(1, secretIds.size())) {
			createSecret(secretId, credentials(CANARY + "-" + secretIds.indexOf(secretId)));
		}
		int maxAttempts = 2;
		try (ConfigurableApplicationContext context = runWithFaultSettings(imports(secretIds),
				"aws.secrets.retry.max-attempts=" + maxAttempts)) {
			awaitChecked(context, secretIds.toArray(String[]::new));
			try (PropertyReader reader = PropertyReader.start(context.getEnvironment(), "db", FIRST)) {
				emulator.control().resetCounters();
				Instant start = Instant.now();
				emulator.control().failRequests(FaultKind.THROTTLING, 0.5);
				// A check fails when both attempts of its request are throttled; two in a
				// row double the wait.
				await().atMost(Duration.ofSeconds(60))
					.until(() -> secretIds.stream().anyMatch((secretId) -> backedOff(state(context, secretId))));
				long cycles = registry(context).getCycles();
				await().atMost(WAIT).until(() -> registry(context).getCycles() >= cycles + 5);
				long requests = emulator.control().totalRequests();
				Duration window = Duration.between(start, Instant.now());
				emulator.control().clearFaults();
				// Per secret at most one check per interval (plus one in flight at the
				// start), each one
				// DescribeSecret of at most maxAttempts attempts: nothing changed.
				long budget = secretIds.size() * (window.toMillis() / REFRESH_INTERVAL.toMillis() + 2) * maxAttempts;
				assertThat(requests).as("requests in %s", window).isPositive().isLessThanOrEqualTo(budget);
				report("Throttling: %d requests in %d ms, bound %d", requests, window.toMillis(), budget);
				assertThat(emulator.control().requestCount("GetSecretValue")).isZero();
				await().atMost(WAIT)
					.until(() -> secretIds.stream()
						.mapToDouble((secretId) -> checks(context, secretId, "FAILURE", "THROTTLED"))
						.sum() > 0);
				assertSameSecret(context.getEnvironment().getProperty("db.password"), FIRST, "db.password");
				reader.close();
				assertThat(reader.failureDescriptions()).isEmpty();
				assertThat(reader.reads()).isPositive();
			}
		}
		assertThat(output.toString().contains(CANARY)).as("the log shows a secret value").isFalse();
	}

	@Test
	void throttledSecretIsNotCheckedBeforeItsBackoffEnds() {
		createSecret(DB, credentials(FIRST));
		try (ConfigurableApplicationContext context = runWithFaultSettings(imports(List.of(DB)),
				"aws.secrets.refresh.max-backoff=" + LONG_BACKOFF.toSeconds() + "s")) {
			awaitChecked(context, DB);
			emulator.control().failRequests(FaultKind.THROTTLING, 1.0);
			await().atMost(WAIT).until(() -> state(context, DB).consecutiveFailures() >= 4);
			assertThat(state(context, DB).lastError()).isEqualTo(SecretErrorKind.THROTTLED);
			emulator.control().resetCounters();
			// Secrets Manager is up and asks for fewer requests: the next check waits 8
			// intervals,
			// unlike an unreachable secret's, which is checked early.
			await().during(REFRESH_INTERVAL.multipliedBy(5))
				.atMost(REFRESH_INTERVAL.multipliedBy(6))
				.until(() -> emulator.control().totalRequests() == 0);
		}
	}

	@Test
	void latencyBeyondTheCallTimeoutKeepsTheValuesBacksOffAndStaysWithinTheRequestBudget(CapturedOutput output) {
		createSecret(DB, credentials(FIRST));
		createSecret(API, "{\"username\": \"api\", \"password\": \"" + CANARY + "-api\"}");
		Duration callTimeout = Duration.ofSeconds(1);
		try (ConfigurableApplicationContext context = runWithFaultSettings(imports(List.of(DB, API)),
				"aws.secrets.api-call-timeout=" + callTimeout.toMillis() + "ms")) {
			ConfigurableEnvironment environment = context.getEnvironment();
			awaitChecked(context, DB, API);
			try (PropertyReader reader = PropertyReader.start(environment, "db", FIRST, SECOND)) {
				emulator.control().resetCounters();
				Instant start = Instant.now();
				emulator.control().latency(Duration.ofSeconds(2));
				// Slow for the test's own client too: written while the application
				// cannot read it.
				putValue(DB, credentials(SECOND));
				await().atMost(WAIT)
					.until(() -> state(context, DB).consecutiveFailures() >= 3
							&& state(context, API).consecutiveFailures() >= 3);
				long requests = emulator.control().requestCount("DescribeSecret")
						+ emulator.control().requestCount("GetSecretValue");
				Duration window = Duration.between(start, Instant.now());
				emulator.control().latency(Duration.ZERO);
				// Each check gives up after the call timeout (no retry fits in it), then
				// waits
				// for its backoff, checked up to half an interval early; on top, one
				// early check
				// at a time, to notice when Secrets Manager answers again.
				long probes = window.toMillis() / callTimeout.toMillis() + 1;
				long budget = 2 * (checksWithin(window, callTimeout) + 1) + probes;
				assertThat(requests).as("requests in %s", window).isPositive().isLessThanOrEqualTo(budget);
				report("Latency: %d requests in %d ms, bound %d", requests, window.toMillis(), budget);
				assertThat(state(context, DB).lastError()).isEqualTo(SecretErrorKind.UNAVAILABLE);
				assertThat(secretHealth(context, DB)).containsEntry("lastError", "UNAVAILABLE");
				await().atMost(WAIT).until(() -> checks(context, DB, "FAILURE", "UNAVAILABLE") >= 3);
				assertSameSecret(environment.getProperty("db.password"), FIRST, "db.password while slow");
				await().atMost(WAIT)
					.untilAsserted(() -> assertSameSecret(environment.getProperty("db.password"), SECOND,
							"db.password once fast again"));
				reader.close();
				assertThat(reader.failureDescriptions()).isEmpty();
				assertThat(reader.reads()).isPositive();
			}
		}
		assertThat(output.toString().contains(CANARY)).as("the log shows a secret value").isFalse();
	}

	@Test
	void closingWhileChecksWaitForSecretsManagerLogsNoWarning(CapturedOutput output) {
		createSecret(DB, credentials(FIRST));
		createSecret(API, "{\"username\": \"api\", \"password\": \"" + CANARY + "-api\"}");
		ConfigurableApplicationContext context = runWithFaultSettings(imports(List.of(DB, API)));
		awaitChecked(context, DB, API);
		emulator.control().latency(Duration.ofSeconds(2));
		emulator.control().resetCounters();
		// Both secrets' checks are waiting for their answers.
		await().atMost(WAIT).until(() -> emulator.control().requestCount("DescribeSecret") >= 2);
		SecretRefreshRegistry registry = registry(context);
		long dbChecks = checksOf(registry, DB);
		long apiChecks = checksOf(registry, API);
		int mark = output.length();
		context.close();
		// Closing interrupts them; once they have ended, nothing was logged about them.
		await().atMost(WAIT).until(() -> checksOf(registry, DB) > dbChecks && checksOf(registry, API) > apiChecks);
		assertThat(warningsAndErrors(output, mark)).isEmpty();
	}

	/** Prints a figure of the run, for the record in docs/RELIABILITY.md. */
	private static void report(String format, Object... arguments) {
		System.out.println("[RefreshUnderFaultsTests] " + String.format(format, arguments));
	}

	private static long checksOf(SecretRefreshRegistry registry, String secretId) {
		return registry.getStates(secretId).get(0).checks();
	}

	/** Imports each secret under a prefix named by the last segment of its name. */
	private static String imports(List<String> secretIds) {
		return "aws-secret:" + String.join(";",
				secretIds.stream()
					.map((secretId) -> secretId + "?prefix=" + secretId.substring(secretId.lastIndexOf('/') + 1))
					.toList());
	}

	private static ConfigurableApplicationContext runWithFaultSettings(String imports, String... properties) {
		String[] settings = new String[properties.length + 3];
		settings[0] = "aws.secrets.refresh.interval=" + REFRESH_INTERVAL.toMillis() + "ms";
		settings[1] = "aws.secrets.refresh.max-backoff=" + MAX_BACKOFF.toMillis() + "ms";
		settings[2] = "aws.secrets.retry.max-attempts=1";
		System.arraycopy(properties, 0, settings, 3, properties.length);
		return run(imports, settings);
	}

	private static void awaitChecked(ConfigurableApplicationContext context, String... secretIds) {
		await().atMost(WAIT).until(() -> {
			for (String secretId : secretIds) {
				if (state(context, secretId).lastSuccessfulCheck() == null) {
					return false;
				}
			}
			return true;
		});
	}

	/** Whether two failures in a row have doubled the wait before the next check. */
	private static boolean backedOff(SecretRefreshState state) {
		if (state.consecutiveFailures() < 2 || state.nextCheck() == null || state.lastFailure() == null) {
			return false;
		}
		return Duration.between(state.lastFailure(), state.nextCheck())
			.compareTo(REFRESH_INTERVAL.multipliedBy(2)) >= 0;
	}

	/**
	 * The most checks of a secret that fails every check that can start within
	 * {@code window}: each takes the call timeout, then waits 1, 2, 4… intervals up to
	 * the maximum backoff; a check is made up to half an interval before it is due.
	 */
	private static long checksWithin(Duration window, Duration callTimeout) {
		long checks = 1;
		Duration elapsed = Duration.ZERO;
		Duration wait = REFRESH_INTERVAL;
		while (true) {
			elapsed = elapsed.plus(callTimeout).plus(wait).minus(REFRESH_INTERVAL.dividedBy(2));
			if (elapsed.compareTo(window) > 0) {
				return checks;
			}
			checks++;
			wait = (wait.multipliedBy(2).compareTo(MAX_BACKOFF) < 0) ? wait.multipliedBy(2) : MAX_BACKOFF;
		}
	}

	private static String credentials(String password) {
		return "{\"username\": \"app\", \"password\": \"" + password + "\"}";
	}

}
