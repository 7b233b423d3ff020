package io.github.secretsspringboot.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.rotation.DatabaseSecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application on a random port against the emulator and an embedded
 * PostgreSQL, serving HTTP requests from several threads while its database secret
 * rotates five times (single-user with a rotation window, and alternating users) and its
 * API key rotates: not one request may fail.
 */
class SampleApplicationRotationTests {

	private static final int CLIENT_THREADS = 6;

	private static SampleBackends backends;

	private static ConfigurableApplicationContext application;

	private static URI base;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void start() {
		backends = SampleBackends.start(0, Duration.ofSeconds(2));
		List<String> arguments = new ArrayList<>(backends.applicationArguments());
		arguments.add("--server.port=0");
		arguments.add("--aws.secrets.refresh.interval=500ms");
		arguments.add("--spring.datasource.hikari.maximum-pool-size=4");
		System.setProperty("aws.accessKeyId", "sample");
		System.setProperty("aws.secretAccessKey", "sample");
		application = SpringApplication.run(SampleApplication.class, arguments.toArray(String[]::new));
		base = URI.create("http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port"));
	}

	@AfterAll
	static void stop() {
		if (application != null) {
			application.close();
		}
		if (backends != null) {
			backends.close();
		}
	}

	@Test
	void fiveRotationsUnderLoadFailNoRequest() throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong served = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		AtomicReference<String> firstFailure = new AtomicReference<>();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
		List<Future<?>> load = new ArrayList<>();
		for (int i = 0; i < CLIENT_THREADS; i++) {
			load.add(clients.submit(() -> drive(running, served, failed, firstFailure)));
		}
		try {
			for (int rotation = 1; rotation <= 5; rotation++) {
				boolean alternatingUsers = rotation % 2 == 0;
				long servedBefore = served.get();
				awaitSucceeded(backends.rotateDatabaseSecret(alternatingUsers));
				awaitSucceeded(backends.rotateApiKey());
				awaitNewCredentialsInUse();
				awaitNewApiKeyBound();
				await().atMost(Duration.ofSeconds(10)).until(() -> served.get() > servedBefore + 20);
			}
		}
		finally {
			running.set(false);
			for (Future<?> client : load) {
				client.get();
			}
			clients.shutdown();
		}
		assertThat(failed.get()).as("failed requests (first: %s)", firstFailure.get()).isZero();
		assertThat(served.get()).isGreaterThan(500);
		assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");
	}

	private void drive(AtomicBoolean running, AtomicLong served, AtomicLong failed,
			AtomicReference<String> firstFailure) {
		while (running.get()) {
			try {
				HttpResponse<String> created = send(HttpRequest.newBuilder(base.resolve("/orders"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"item\": \"espresso beans\", \"quantity\": 2}")));
				check(created, 201);
				long id = JsonMapper.builder().build().readTree(created.body()).get("id").asLong();
				check(get("/orders/" + id), 200);
				check(send(HttpRequest.newBuilder(base.resolve("/orders/" + id + "/charge"))
					.POST(HttpRequest.BodyPublishers.noBody())), 200);
				served.addAndGet(3);
			}
			catch (Exception ex) {
				failed.incrementAndGet();
				firstFailure.compareAndSet(null, ex.toString());
			}
		}
	}

	private static void check(HttpResponse<String> response, int status) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
					+ " answered " + response.statusCode());
		}
	}

	private HttpResponse<String> get(String path) throws Exception {
		return send(HttpRequest.newBuilder(base.resolve(path)).GET());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void awaitSucceeded(String token) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> backends.emulator().rotation(token).map(RotationOutcome::status).orElse(null),
					(status) -> status == RotationOutcome.Status.SUCCEEDED);
	}

	/**
	 * The pool holds AWSCURRENT's credentials and its connections log in as AWSCURRENT's
	 * user.
	 */
	private static void awaitNewCredentialsInUse() {
		HikariDataSource hikari = DataSourceUnwrapper.unwrap(application.getBean(javax.sql.DataSource.class),
				HikariDataSource.class);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			DatabaseSecret current = DatabaseSecret.parse(backends.emulator()
				.client()
				.getSecretValue((request) -> request.secretId(SampleBackends.DB_SECRET))
				.secretString());
			assertThat(hikari.getUsername()).isEqualTo(current.username());
			assertSameSecret(hikari.getPassword(), current.password(), "the pool's password");
			assertThat(JdbcClient.create(hikari).sql("SELECT current_user").query(String.class).single())
				.isEqualTo(current.username());
		});
	}

	private static void awaitNewApiKeyBound() {
		PaymentProperties payments = application.getBean(PaymentProperties.class);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertSameSecret(payments.getApiKey(), backends.currentApiKey(), "payments.api-key");
		});
	}

}
