package io.github.secretsspringboot.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.github.secretsspringboot.config.SecretLoadReport.ImportLoad;
import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretImportException;
import io.github.secretsspringboot.test.emulator.FaultKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The start-up fault matrix: for every way a secret can fail to load, a required import
 * stops the application with a failure analysis of its own that names the secret, the
 * cause and what to do, and an {@code optional:} import is skipped with one log line
 * while the other imports load. Faults that end within the retries are survived in no
 * more requests than the retry configuration allows. No text ever holds a value of the
 * secrets loaded in the same run.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFaultTests extends SecretImportTestSupport {

	/** The secret that fails. */
	static final String FLAGS = "prod/app/flags";

	/**
	 * Budget of the runs whose faults outlast it: long enough for a few retries, short
	 * for the build.
	 */
	private static final String SHORT_BUDGET = "aws.secrets.startup-timeout=3s";

	private static final String SECOND_CANARY = "canary-2b9d41e0-do-not-log";

	@TempDir
	static Path directory;

	@ParameterizedTest
	@EnumSource
	void requiredImportStopsTheApplicationWithAnAnalysisOfItsOwn(StartupFault fault, CapturedOutput output) {
		String endpoint = fault.arrange();
		String imports = (fault.scope == Scope.ENDPOINT) ? "aws-secret:" + fault.failingImport()
				: "aws-secret:prod/app/db;prod/app/api;" + fault.failingImport();
		Throwable failure = catchThrowable(() -> runAgainst(endpoint, imports, fault.properties));
		assertThat(failure).as("the start-up failure").isNotNull();
		if (fault.reason == null) {
			assertThat(failure).isInstanceOfSatisfying(ConfigDataResourceNotFoundException.class,
					(ex) -> assertThat(ex.getResource()).isInstanceOf(AwsSecretConfigDataResource.class));
		}
		else {
			assertThat(failure).isInstanceOfSatisfying(SecretImportException.class, (ex) -> {
				assertThat(ex.getSecretId()).isEqualTo(FLAGS);
				assertThat(ex.getKind()).isEqualTo(fault.reason);
			});
		}
		FailureAnalysisText analysis = FailureAnalysisText.of(output.getAll());
		assertThat(analysis.description()).contains("'" + FLAGS + "'").contains(fault.description(endpoint));
		assertThat(analysis.action()).contains(fault.action);
		for (StartupFault other : StartupFault.values()) {
			if (!other.description(endpoint).equals(fault.description(endpoint))) {
				assertThat(analysis.description()).doesNotContain(other.description(endpoint));
			}
		}
		assertNoPlantedValue(output.getAll(), "the output");
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			assertNoPlantedValue(String.valueOf(cause.getMessage()), "the message of " + cause.getClass().getName());
		}
		fault.assertRequests(null);
	}

	@ParameterizedTest
	@EnumSource
	void optionalImportIsSkippedWithOneLineWhileTheOthersLoad(StartupFault fault, CapturedOutput output)
			throws IOException {
		String endpoint = fault.arrange();
		Path file = Files.writeString(directory.resolve(fault.name() + ".properties"), "app.name=orders\n");
		String imports = (fault.scope == Scope.ENDPOINT) ? "optional:aws-secret:" + fault.failingImport()
				: "aws-secret:prod/app/db;prod/app/api;optional:" + fault.failingImport();
		try (ConfigurableApplicationContext context = runAgainst(endpoint, imports + ",file:" + file,
				fault.properties)) {
			Environment environment = context.getEnvironment();
			assertThat(environment.containsProperty("token")).isFalse();
			assertThat(environment.getProperty("app.name")).isEqualTo("orders");
			if (fault.scope != Scope.ENDPOINT) {
				assertSameSecret(environment.getProperty("password"), CANARY, "password of prod/app/db");
				assertSameSecret(environment.getProperty("api"), SECOND_CANARY, "value of prod/app/api");
			}
			List<ImportLoad> skipped = context.getBean(SecretLoadReport.class).getSkipped();
			assertThat(skipped).singleElement().satisfies((load) -> {
				assertThat(load.secretImport().getSecretId()).isEqualTo(FLAGS);
				assertThat(load.failure()).isEqualTo(fault.failure);
			});
		}
		List<String> lines = output.getAll().lines().filter((line) -> line.contains(FLAGS)).toList();
		assertThat(lines).singleElement()
			.asString()
			.contains("Skipped optional secret '" + FLAGS + "'")
			.contains(fault.skipLine(endpoint));
		assertNoPlantedValue(output.getAll(), "the output");
		fault.assertRequests(output.getAll()
			.lines()
			.filter((line) -> line.contains("from AWS Secrets Manager in"))
			.reduce((first, second) -> second)
			.orElseThrow());
	}

	@ParameterizedTest
	@EnumSource(value = FaultKind.class, names = { "THROTTLING", "INTERNAL_SERVICE_ERROR", "CONNECTION_RESET" })
	void faultsThatEndWithinTheRetriesOfOneCallCostOneMoreRequest(FaultKind kind, CapturedOutput output) {
		createSecrets();
		emulator.control().resetCounters().failNextRequests(kind, 2);
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db;prod/app/api;" + FLAGS)) {
			assertAllValues(context);
		}
		// Three secrets share one BatchGetSecretValue: two failed attempts and the one
		// that answered.
		assertRequests(output, 3);
	}

	@ParameterizedTest
	@EnumSource(value = FaultKind.class, names = { "THROTTLING", "INTERNAL_SERVICE_ERROR", "CONNECTION_RESET" })
	void faultsThatOutlastOneCallAreRetriedByTheStarterUntilTheyEnd(FaultKind kind, CapturedOutput output) {
		createSecrets();
		// The SDK's three attempts all fail, the starter tries again: one more failure,
		// then an answer.
		emulator.control().resetCounters().failNextRequests(kind, 4);
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db;prod/app/api;" + FLAGS,
				"aws.secrets.startup-timeout=20s")) {
			assertAllValues(context);
		}
		assertRequests(output, 5);
	}

	@Test
	void requestsThatTimeOutAreAskedAgainWithinTheBudget(CapturedOutput output) {
		createSecrets();
		emulator.control().resetCounters().timeoutDelay(Duration.ofSeconds(10)).failNextRequests(FaultKind.TIMEOUT, 2);
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db;prod/app/api;" + FLAGS,
				"aws.secrets.api-call-timeout=1s", "aws.secrets.startup-timeout=20s")) {
			assertAllValues(context);
		}
		// The call timeout spans the SDK's attempts, so each timed-out call is one
		// request.
		assertRequests(output, 3);
	}

	@Test
	void retriesFollowTheConfiguredAttemptsPerCall(CapturedOutput output) {
		createSecrets();
		emulator.control().resetCounters().failNextRequests(FaultKind.THROTTLING, 2);
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db;prod/app/api;" + FLAGS,
				"aws.secrets.retry.max-attempts=1", "aws.secrets.startup-timeout=20s")) {
			assertAllValues(context);
		}
		// One attempt per call: the starter alone retries, once per failure.
		assertRequests(output, 3);
	}

	@Test
	void optionalDoesNotCoverAMistakeInTheImport() {
		createSecrets();
		emulator.control().resetCounters();
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db;optional:" + FLAGS + "?prefx=flags"))
			.isInstanceOfSatisfying(SecretImportException.class,
					(ex) -> assertThat(ex.getKind()).isEqualTo(SecretErrorKind.INVALID_IMPORT));
		assertThat(emulator.control().totalRequests()).isZero();
	}

	private static void createSecrets() {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		createSecret("prod/app/api", SECOND_CANARY);
		createSecret(FLAGS, "{\"token\": \"" + CANARY + "-flags\"}");
	}

	/**
	 * All three values, and the report that counted every request the emulator received.
	 */
	private static void assertAllValues(ConfigurableApplicationContext context) {
		Environment environment = context.getEnvironment();
		assertThat(context.getBean(SecretLoadReport.class).getRequests()).as("requests counted by the load report")
			.isEqualTo(emulator.control().totalRequests());
		assertSameSecret(environment.getProperty("password"), CANARY, "password of prod/app/db");
		assertSameSecret(environment.getProperty("api"), SECOND_CANARY, "value of prod/app/api");
		assertSameSecret(environment.getProperty("token"), CANARY + "-flags", "token of " + FLAGS);
	}

	/**
	 * Only the one BatchGetSecretValue was sent, {@code count} times, and the startup
	 * line says so.
	 */
	private static void assertRequests(CapturedOutput output, long count) {
		assertThat(emulator.control().requestCounts()).containsExactly(Map.entry("BatchGetSecretValue", count));
		assertThat(output)
			.contains("Loaded 3 secrets (3 properties) from AWS Secrets Manager in " + count + " requests");
	}

	/** Fails naming where, never the value. */
	private static void assertNoPlantedValue(String text, String where) {
		assertThat(text.contains(CANARY) || text.contains(SECOND_CANARY)).as("%s holds a planted secret value", where)
			.isFalse();
	}

	private static String closedPortEndpoint() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** What a fault hits, and so what else can load in the same run. */
	enum Scope {

		/**
		 * The failing secret alone: the other secrets load in the same
		 * BatchGetSecretValue.
		 */
		SECRET,

		/**
		 * Requests of GetSecretValue: the failing import is pinned to its version, so
		 * that it alone is read with GetSecretValue while the other secrets share a
		 * BatchGetSecretValue.
		 */
		OPERATION,

		/** Every request: only imports of other kinds can load. */
		ENDPOINT

	}

	/** One row of the matrix: how to make the secret fail and what the texts must say. */
	enum StartupFault {

		NOT_FOUND(Scope.SECRET, null, SecretErrorKind.NOT_FOUND, "imported by spring.config.import does not exist",
				"aws secretsmanager create-secret --name " + FLAGS, "it does not exist"),

		ACCESS_DENIED(Scope.SECRET, SecretErrorKind.ACCESS_DENIED, SecretErrorKind.ACCESS_DENIED, "was denied by AWS",
				"Allow the application's IAM principal secretsmanager:GetSecretValue", null),

		DECRYPTION_FAILURE(Scope.SECRET, SecretErrorKind.DECRYPTION_FAILURE, SecretErrorKind.DECRYPTION_FAILURE,
				"could not decrypt secret '" + FLAGS + "' with its KMS key", "kms:Decrypt", null),

		SCHEDULED_FOR_DELETION(Scope.SECRET, SecretErrorKind.SCHEDULED_FOR_DELETION,
				SecretErrorKind.SCHEDULED_FOR_DELETION, "is scheduled for deletion",
				"aws secretsmanager restore-secret --secret-id " + FLAGS, null),

		THROTTLING(Scope.OPERATION, SecretErrorKind.UNAVAILABLE, SecretErrorKind.UNAVAILABLE,
				"could not be loaded within PT3S: Secrets Manager throttled the requests",
				"request quotas of Secrets Manager are per account and Region", null, SHORT_BUDGET),

		SERVER_ERROR(Scope.OPERATION, SecretErrorKind.UNAVAILABLE, SecretErrorKind.UNAVAILABLE,
				"could not be loaded within PT3S: Secrets Manager answered with server errors (HTTP 5xx)",
				"check the AWS Health Dashboard", null, SHORT_BUDGET),

		TIMEOUT(Scope.OPERATION, SecretErrorKind.UNAVAILABLE, SecretErrorKind.UNAVAILABLE,
				"could not be loaded within PT3S: requests to Secrets Manager timed out, none answered within "
						+ "aws.secrets.api-call-timeout (PT1S)",
				"raise aws.secrets.api-call-timeout", null, SHORT_BUDGET, "aws.secrets.api-call-timeout=1s"),

		CONNECTION_RESET(Scope.OPERATION, SecretErrorKind.UNAVAILABLE, SecretErrorKind.UNAVAILABLE,
				"could not be loaded within PT3S: no connection to the Secrets Manager endpoint {endpoint} succeeded",
				"aws.secrets.endpoint (or AWS_ENDPOINT_URL_SECRETS_MANAGER) and aws.secrets.region name the right one",
				null, SHORT_BUDGET),

		CONNECTION_REFUSED(Scope.ENDPOINT, SecretErrorKind.UNAVAILABLE, SecretErrorKind.UNAVAILABLE,
				"could not be loaded within PT3S: no connection to the Secrets Manager endpoint {endpoint} succeeded",
				"aws.secrets.endpoint (or AWS_ENDPOINT_URL_SECRETS_MANAGER) and aws.secrets.region name the right one",
				null, SHORT_BUDGET);

		final Scope scope;

		/**
		 * The reason of the failure, or {@code null} for Spring's
		 * ConfigDataResourceNotFoundException.
		 */
		final SecretErrorKind reason;

		final SecretErrorKind failure;

		private final String description;

		final String action;

		/** What the skip line says, when not the description. */
		private final String skipLine;

		final String[] properties;

		private String versionId;

		StartupFault(Scope scope, SecretErrorKind reason, SecretErrorKind failure, String description, String action,
				String skipLine, String... properties) {
			this.scope = scope;
			this.reason = reason;
			this.failure = failure;
			this.description = description;
			this.action = action;
			this.skipLine = skipLine;
			this.properties = properties;
		}

		/**
		 * Plants the secrets and the fault; returns the endpoint the application must
		 * use.
		 */
		String arrange() {
			createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
			createSecret("prod/app/api", SECOND_CANARY);
			if (this != NOT_FOUND) {
				this.versionId = secrets()
					.createSecret((request) -> request.name(FLAGS).secretString("{\"token\": \"" + CANARY + "\"}"))
					.versionId();
			}
			switch (this) {
				case ACCESS_DENIED -> emulator.control().denyAccess(FLAGS);
				case DECRYPTION_FAILURE -> emulator.control().failDecryption(FLAGS);
				case SCHEDULED_FOR_DELETION ->
					secrets().deleteSecret((request) -> request.secretId(FLAGS).recoveryWindowInDays(7L));
				case THROTTLING -> emulator.control().failRequests(FaultKind.THROTTLING, 1.0, "GetSecretValue");
				case SERVER_ERROR ->
					emulator.control().failRequests(FaultKind.INTERNAL_SERVICE_ERROR, 1.0, "GetSecretValue");
				case TIMEOUT -> emulator.control()
					.timeoutDelay(Duration.ofSeconds(10))
					.failRequests(FaultKind.TIMEOUT, 1.0, "GetSecretValue");
				case CONNECTION_RESET ->
					emulator.control().failRequests(FaultKind.CONNECTION_RESET, 1.0, "GetSecretValue");
				default -> {
				}
			}
			emulator.control().resetCounters();
			return (this.scope == Scope.ENDPOINT) ? closedPortEndpoint() : emulator.endpoint().toString();
		}

		String failingImport() {
			return (this.scope == Scope.OPERATION) ? FLAGS + "?version-id=" + this.versionId : FLAGS;
		}

		String description(String endpoint) {
			return this.description.replace("{endpoint}", endpoint);
		}

		String skipLine(String endpoint) {
			return (this.skipLine != null) ? this.skipLine : description(endpoint);
		}

		/**
		 * Every request sent for a fault that outlasts the budget is accounted for, and
		 * none is sent once the budget is spent. (How many fit into the budget depends on
		 * the machine's speed; the tests of faults that end show how retries are made.)
		 * @param loadLine the startup line, when the application started
		 */
		void assertRequests(String loadLine) {
			if (this.scope != Scope.OPERATION) {
				return;
			}
			long sent = emulator.control().totalRequests();
			assertThat(emulator.control().requestCount("GetSecretValue")).as("GetSecretValue requests").isPositive();
			if (loadLine != null) {
				assertThat(loadLine).contains(" in " + sent + " requests");
			}
			await().during(Duration.ofMillis(300))
				.atMost(Duration.ofSeconds(5))
				.until(() -> emulator.control().totalRequests() == sent);
		}

	}

	/** The description and action of the failure analysis Spring Boot reported. */
	record FailureAnalysisText(String description, String action) {

		static FailureAnalysisText of(String output) {
			assertThat(output).contains("APPLICATION FAILED TO START");
			String report = output.substring(output.lastIndexOf("APPLICATION FAILED TO START"));
			int description = report.indexOf("Description:");
			int action = report.indexOf("Action:");
			assertThat(description).isNotNegative();
			assertThat(action).isGreaterThan(description);
			String actionText = report.substring(action + "Action:".length()).strip();
			int end = actionText.indexOf("\n\n");
			return new FailureAnalysisText(report.substring(description + "Description:".length(), action).strip(),
					(end > 0) ? actionText.substring(0, end) : actionText);
		}

	}

}
