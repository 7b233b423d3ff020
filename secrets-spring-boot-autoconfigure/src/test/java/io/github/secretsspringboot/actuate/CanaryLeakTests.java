package io.github.secretsspringboot.actuate;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.jdbc.SecretsDataSourceState;
import io.github.secretsspringboot.refresh.RefreshCause;
import io.github.secretsspringboot.refresh.RefreshResult;
import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
import io.github.secretsspringboot.refresh.SecretRefreshState;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import io.github.secretsspringboot.test.emulator.FaultKind;
import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.postgres.EmbeddedPostgresServer;
import io.github.secretsspringboot.test.rotation.DatabaseSecret;
import io.github.secretsspringboot.test.rotation.PostgresSingleUserRotationFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.PropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole run with every logger at TRACE shows no value that came from a secret: one
 * canary is planted in every secret (JSON values, nested and in arrays, plaintext,
 * binary, and the password of a {@code format=datasource} secret a HikariCP pool logs in
 * to PostgreSQL with), and the run goes through startup, refresh cycles, new versions, a
 * rotation that the pool follows, throttling, an outage, denied access, a decryption
 * failure and a version that cannot be read, then failing startups. Neither the captured
 * output, nor any Actuator endpoint, nor an exception's message, nor a failure analysis,
 * nor the {@code toString()} of the starter's objects shows the canary, its distinctive
 * core, its Base64 forms or a password a rotation made.
 */
@ExtendWith(OutputCaptureExtension.class)
class CanaryLeakTests extends ActuatorTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final String ROTATION = "arn:aws:lambda:us-east-1:123456789012:function:leak-rotation";

	/** Every logger that could write what the client, the pool or the starter handle. */
	private static final String[] TRACE_EVERYWHERE = { "logging.level.root=TRACE",
			"logging.level.software.amazon.awssdk=TRACE", "logging.level.software.amazon.awssdk.request=TRACE",
			"logging.level.sun.net.www.protocol.http.HttpURLConnection=TRACE", "logging.level.com.zaxxer.hikari=TRACE",
			"logging.level.org.postgresql=TRACE", "logging.level.io.github.secretsspringboot=TRACE" };

	private static EmbeddedPostgresServer postgres;

	private final Canary canary = new Canary("Cn4ry-5e8d2b7a9f-Le4k-Ch3ck", "5e8d2b7a9f");

	private final List<String> findings = new ArrayList<>();

	@BeforeAll
	static void startPostgres() {
		postgres = EmbeddedPostgresServer.start();
		emulator.registerRotationFunction(ROTATION, new PostgresSingleUserRotationFunction());
	}

	@AfterAll
	static void stopPostgres() {
		postgres.close();
	}

	@BeforeEach
	void clearFindings() {
		this.findings.clear();
	}

	@Test
	void aWholeRunAtTraceShowsNoSecretValue(CapturedOutput output) {
		String firstPassword = this.canary.value() + "-Pw";
		postgres.createDatabaseWithOwner("leakapp", "leak_user", firstPassword);
		createSecret("leak/db", postgres.rdsSecret("leakapp", "leak_user", firstPassword));
		createSecret("leak/json", json(1));
		createSecret("leak/plain", this.canary.value() + "-plain-1");
		byte[] binary = (this.canary.value() + "-binary").getBytes(StandardCharsets.UTF_8);
		secrets().createSecret((request) -> request.name("leak/binary").secretBinary(SdkBytes.fromByteArray(binary)));
		createSecret("leak/denied", "{\"token\": \"" + this.canary.value() + "-denied\"}");
		emulator.control().denyAccess("leak/denied");
		try (App app = run(
				"aws-secret:leak/db?format=datasource;leak/json?prefix=leak.json;leak/plain?as=leak.plain;"
						+ "leak/binary?as=leak.binary;optional:leak/denied?prefix=leak.denied",
				properties("aws.secrets.refresh.interval=300ms", "management.endpoints.web.exposure.include=*",
						"spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.minimum-idle=1",
						"spring.datasource.hikari.connection-timeout=10000"))) {
			// The canary is really in force: the test could not pass with values that
			// were never loaded.
			assertSameSecret(property(app, "leak.json.api_key"), this.canary.value() + "-key-1", "leak.json.api_key");
			assertSameSecret(property(app, "leak.json.nested.token"), this.canary.value() + "-nested-1", "nested");
			assertSameSecret(property(app, "leak.json.list[0]"), this.canary.value() + "-item-1", "list[0]");
			assertSameSecret(property(app, "leak.plain"), this.canary.value() + "-plain-1", "leak.plain");
			assertSameSecret(property(app, "leak.binary"), Base64.getEncoder().encodeToString(binary), "leak.binary");
			assertSameSecret(property(app, "spring.datasource.password"), firstPassword, "spring.datasource.password");
			JdbcTemplate jdbc = new JdbcTemplate(app.context().getBean(HikariDataSource.class));
			assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("leak_user");
			awaitCycles(app, 3);

			// New versions, fetched with GetSecretValue while the SDK logs at TRACE.
			putValue("leak/json", json(2));
			await().atMost(WAIT)
				.until(() -> (this.canary.value() + "-key-2").equals(property(app, "leak.json.api_key")));

			// A rotation: the pool takes the new password, which must not be shown
			// either.
			String token = secrets()
				.rotateSecret((request) -> request.secretId("leak/db")
					.rotationLambdaARN(ROTATION)
					.rotationRules((rules) -> rules.automaticallyAfterDays(30L)))
				.versionId();
			RotationOutcome rotation = await().atMost(WAIT)
				.until(() -> emulator.rotation(token).orElseThrow(), RotationOutcome::isDone);
			assertThat(rotation.isSucceeded()).as("rotation succeeded").isTrue();
			String rotatedPassword = DatabaseSecret
				.parse(secrets().getSecretValue((request) -> request.secretId("leak/db")).secretString())
				.password();
			this.canary.alsoWatch(rotatedPassword);
			SecretsDataSourceState pools = app.context().getBean(SecretsDataSourceState.class);
			await().atMost(WAIT).until(() -> pools.getCredentialSwaps() >= 1);
			assertSameSecret(property(app, "spring.datasource.password"), rotatedPassword, "rotated password");
			// A connection opened after the swap logs in with the new password.
			app.context().getBean(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
			assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("leak_user");

			// Faults, each until the refresher has failed on it, then until it recovers.
			emulator.control().failRequests(FaultKind.THROTTLING, 1.0);
			awaitFailure(app, "leak/json", SecretErrorKind.THROTTLED);
			emulator.control().clearFaults();
			awaitRecovery(app, "leak/json");
			emulator.control().outage();
			awaitFailure(app, "leak/json", SecretErrorKind.UNAVAILABLE);
			emulator.control().endOutage();
			awaitRecovery(app, "leak/json");
			emulator.control().denyAccess("leak/json");
			awaitFailure(app, "leak/json", SecretErrorKind.ACCESS_DENIED);
			emulator.control().allowAccess("leak/json");
			awaitRecovery(app, "leak/json");
			putValue("leak/plain", this.canary.value() + "-plain-2");
			emulator.control().failDecryption("leak/plain");
			awaitFailure(app, "leak/plain", SecretErrorKind.DECRYPTION_FAILURE);
			emulator.control().allowDecryption("leak/plain");
			await().atMost(WAIT).until(() -> (this.canary.value() + "-plain-2").equals(property(app, "leak.plain")));
			// A new version that format=datasource cannot read: the pool keeps its
			// credentials.
			putValue("leak/db", "{\"engine\": \"postgres\", \"username\": \"leak_user\", \"password\": \""
					+ this.canary.value() + "-unreadable\"}");
			awaitFailure(app, "leak/db", SecretErrorKind.INVALID_CONTENT);
			assertSameSecret(property(app, "spring.datasource.password"), rotatedPassword, "password kept");

			// Forced refreshes, through the endpoint and the API.
			List<RefreshResult> results = app.context()
				.getBean(SecretsRefresher.class)
				.refreshAll(RefreshCause.REQUEST)
				.join();
			results.forEach((result) -> check("RefreshResult", result.toString()));
			Map<String, Response> responses = new LinkedHashMap<>();
			responses.put("POST /actuator/secrets", app.post("/actuator/secrets"));
			responses.put("POST /actuator/secrets/leak/json", app.post("/actuator/secrets/leak/json"));
			responses.putAll(everyEndpoint(app));
			responses.forEach((request, response) -> check(request, response.body()));
			// The endpoints answered, and do show what is not secret.
			assertThat(responses.get("/actuator/env").status()).isEqualTo(200);
			assertThat(responses.get("/actuator/env").body()).contains("leak.json.api_key", "******");
			assertThat(responses.get("/actuator/secrets").body()).contains("leak/db", "spring.datasource.password");
			assertThat(responses.get("/actuator/configprops").status()).isEqualTo(200);
			assertThat(responses.get("/actuator/health").body()).contains("\"secrets\"");
			assertThat(responses.keySet()).contains("/actuator/beans", "/actuator/loggers", "/actuator/metrics",
					"/actuator/metrics/aws.secrets.refresh.checks");

			checkToStrings(app);
		}
		check("captured output", output.getAll());
		// First, so that no assertion below prints output that shows a value.
		assertThat(this.findings).as("places that show a secret value (masked)").isEmpty();
		// The SDK, the JDK's HTTP client and HikariCP did log at TRACE and DEBUG.
		assertThat(output.getAll()).contains("Sending Request", "HikariPool", "X-Amz-Target");
	}

	@Test
	void failedStartupsShowNoSecretValue(CapturedOutput output) {
		createSecret("leak/keyed",
				"{\"token\": \"" + this.canary.value() + "-token\", \"other\": \"" + this.canary.value() + "-other\"}");
		createSecret("leak/incomplete", "{\"engine\": \"postgres\", \"host\": \"db.internal\", \"username\": \"app\", "
				+ "\"password\": \"" + this.canary.value() + "-password\"}");
		createSecret("leak/malformed", "{\"password\": \"" + this.canary.value() + "-malformed\" oops");
		createSecret("leak/denied", "{\"password\": \"" + this.canary.value() + "-denied\"}");
		emulator.control().denyAccess("leak/denied");
		Map<String, String> failures = new LinkedHashMap<>();
		failures.put("aws-secret:leak/keyed?key=missing", "has no key 'missing'");
		failures.put("aws-secret:leak/incomplete?format=datasource", "needs the keys dbname");
		failures.put("aws-secret:leak/malformed?key=password", "not valid JSON");
		failures.put("aws-secret:leak/denied", "Access to secret 'leak/denied' was denied");
		failures.keySet().forEach((configImport) -> {
			Throwable failure = startupFailure(configImport);
			check("exception of " + configImport, failure);
			check("stack trace of " + configImport, stackTrace(failure));
		});
		check("captured output", output.getAll());
		// First, so that no assertion below prints output that shows a value.
		assertThat(this.findings).as("places that show a secret value (masked)").isEmpty();
		// The failure analyzers reported every failure.
		assertThat(output.getAll().split("APPLICATION FAILED TO START", -1)).hasSize(failures.size() + 1);
		assertThat(output).contains(failures.values());
	}

	/**
	 * A value that cannot be bound: Spring Boot's analysis quotes it, and so do the
	 * causes it logs at DEBUG; the starter's analysis withholds it. The exception that
	 * {@code SpringApplication.run} throws still quotes it in its causes (Spring's
	 * conversion failure, the JDK's NumberFormatException), where no code of the starter
	 * runs; it is reported, not logged, so only the output is checked here.
	 */
	@Test
	void aSecretValueThatCannotBeBoundIsNotShown(CapturedOutput output) {
		createSecret("leak/server", "{\"max\": \"" + this.canary.value() + "-threads\"}");
		startupFailure("aws-secret:leak/server?prefix=server.tomcat.threads");
		check("captured output", output.getAll());
		assertThat(this.findings).as("places that show a secret value (masked)").isEmpty();
		assertThat(output).contains("APPLICATION FAILED TO START", "Property: server.tomcat.threads.max",
				"Value: (withheld: it comes from secret 'leak/server')", "java.lang.NumberFormatException");
	}

	private Throwable startupFailure(String configImport) {
		try (App app = run(configImport, properties())) {
			throw new AssertionError("The application started with " + configImport);
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	private String json(int version) {
		String value = this.canary.value();
		return "{\"api_key\": \"" + value + "-key-" + version + "\", \"nested\": {\"token\": \"" + value + "-nested-"
				+ version + "\"}, \"list\": [\"" + value + "-item-" + version + "\"], \"count\": " + version + "}";
	}

	private static String[] properties(String... more) {
		List<String> properties = new ArrayList<>(List.of(TRACE_EVERYWHERE));
		properties.addAll(List.of(more));
		return properties.toArray(String[]::new);
	}

	private static String property(App app, String name) {
		return app.context().getEnvironment().getProperty(name);
	}

	private static void awaitCycles(App app, long cycles) {
		SecretRefreshRegistry registry = app.context().getBean(SecretRefreshRegistry.class);
		long start = registry.getCycles();
		await().atMost(WAIT).until(() -> registry.getCycles() >= start + cycles);
	}

	private static void awaitFailure(App app, String secretId, SecretErrorKind kind) {
		awaitState(app, secretId, (state) -> state.isFailing() && state.lastError() == kind);
	}

	private static void awaitRecovery(App app, String secretId) {
		awaitState(app, secretId, (state) -> !state.isFailing());
	}

	private static void awaitState(App app, String secretId, Predicate<SecretRefreshState> condition) {
		SecretRefreshRegistry registry = app.context().getBean(SecretRefreshRegistry.class);
		await().atMost(WAIT).until(() -> registry.getStates(secretId).stream().allMatch(condition));
	}

	/**
	 * Every endpoint the application lists, and every meter; not the heap dump, which
	 * holds everything.
	 */
	private static Map<String, Response> everyEndpoint(App app) {
		Map<String, Response> responses = new LinkedHashMap<>();
		app.get("/actuator").json().path("_links").properties().forEach((link) -> {
			String href = link.getValue().path("href").asString();
			String path = href.substring(href.indexOf("/actuator"));
			if (!link.getValue().path("templated").asBoolean() && !link.getKey().equals("heapdump")) {
				responses.put(path, app.get(path));
			}
		});
		for (String path : List.of("/actuator/health/secrets", "/actuator/secrets/leak/db",
				"/actuator/secrets/leak/json", "/actuator/secrets/leak/binary", "/actuator/secrets/leak/denied",
				"/actuator/env/spring.datasource.password", "/actuator/env/leak.json.api_key",
				"/actuator/env/leak.binary", "/actuator/loggers/software.amazon.awssdk.request")) {
			responses.put(path, app.get(path));
		}
		app.get("/actuator/metrics").json().path("names").values().forEach((name) -> {
			String path = "/actuator/metrics/" + name.asString();
			responses.put(path, app.get(path));
		});
		return responses;
	}

	/**
	 * The starter's objects: property sources, versions, imports, states, credential
	 * holders.
	 */
	private void checkToStrings(App app) {
		for (PropertySource<?> source : app.context().getEnvironment().getPropertySources()) {
			check("property source " + source.getName(), source.toString());
			if (source instanceof SecretPropertySource secretSource) {
				check("source of " + source.getName(), secretSource.getSource().toString());
				// An optional import that has not loaded yet holds no version.
				check("version of " + source.getName(), String.valueOf(secretSource.getVersion()));
				check("import of " + source.getName(), secretSource.getSecretImport().toString());
			}
		}
		app.context()
			.getBean(SecretRefreshRegistry.class)
			.getStates()
			.forEach((state) -> check("state", state.toString()));
		SecretsDataSourceState pools = app.context().getBean(SecretsDataSourceState.class);
		check("SecretsDataSourceState", pools.toString());
		pools.getDataSources().forEach((pool) -> check("pool state", pool.toString()));
		HikariDataSource hikari = app.context().getBean(HikariDataSource.class);
		check("HikariDataSource", hikari.toString());
		check("DataSource of the pool", String.valueOf(hikari.getDataSource()));
		ConfigurableListableBeanFactory beanFactory = app.context().getBeanFactory();
		int starterBeans = 0;
		for (String name : beanFactory.getSingletonNames()) {
			Object bean = beanFactory.getSingleton(name);
			if (bean != null && bean.getClass().getName().startsWith("io.github.secretsspringboot")) {
				check("bean " + name, bean.toString());
				starterBeans++;
			}
		}
		assertThat(starterBeans).as("the starter's beans").isGreaterThan(5);
	}

	private void check(String place, String text) {
		this.findings.addAll(this.canary.findIn(place, text));
	}

	private void check(String place, Throwable failure) {
		this.findings.addAll(this.canary.findIn(place, failure));
	}

	private static String stackTrace(Throwable failure) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		return trace.toString();
	}

}
