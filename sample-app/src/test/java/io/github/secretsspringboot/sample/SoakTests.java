package io.github.secretsspringboot.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.jdbc.SecretsDataSourceState;
import io.github.secretsspringboot.sample.ScheduledRotations.Mode;
import io.github.secretsspringboot.test.rotation.DatabaseSecret;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A soak run of the sample application: client threads use its HTTP endpoints (orders in
 * PostgreSQL, charges signed with the payment API key) for the whole run, while the
 * database secret rotates every 5 seconds, alternating single-user and alternating-users
 * rotations, the API key rotates with it, and Secrets Manager throttles, fails, slows
 * down and goes away on a seeded schedule.
 * <p>
 * Not one request may fail; afterwards the pool must hold AWSCURRENT's credentials and
 * have no connection in use, the API key must be the current one, and heap and threads
 * must be back near where they were after the warm-up, and no value any version of the
 * secrets ever held may appear in the output. The figures are printed and written to
 * {@code target/soak-report.md}.
 * <p>
 * By default it runs for 30 seconds with 32 client threads, as part of every build. A
 * long run:
 * {@code ./mvnw -B -pl sample-app -am verify -Dsoak.duration=PT10M -Dtest=SoakTests
 * -Dsurefire.failIfNoSpecifiedTests=false} (see {@link SoakSettings} for the properties).
 */
@ExtendWith(OutputCaptureExtension.class)
class SoakTests {

	/**
	 * Generous, so that only a real leak exceeds it: caches and JIT settle differently
	 * every run.
	 */
	private static final long HEAP_GROWTH_LIMIT_BYTES = 64L * 1024 * 1024;

	/**
	 * Threads that come and go on their own (HikariCP's connection adder and closer, the
	 * common fork-join pool, the JDK's HTTP client and the SDK's timers) and are not
	 * leaks.
	 */
	private static final int THREAD_MARGIN = 10;

	private static final int WARM_UP_REQUESTS = 300;

	private static final Path REPORT = Path.of("target", "soak-report.md");

	private static final Path STALLS = Path.of("target", "soak-stalls.txt");

	@Test
	void servesEveryRequestThroughRotationsAndSecretsManagerFaults(CapturedOutput output) throws Exception {
		long testStartedAt = System.nanoTime();
		SoakSettings settings = SoakSettings.fromSystemProperties();
		Duration settle = settings.settleTimeout();
		ThreadPoolExecutor httpExecutor = (ThreadPoolExecutor) Executors.newFixedThreadPool(4,
				DaemonThreads.named("soak-http-client"));
		// All started now, so that the thread count at the start does not depend on how
		// many the warm-up needed.
		httpExecutor.prestartAllCoreThreads();
		// HTTP/1.1 and a fixed executor: no upgrade attempts, and a thread count that
		// does not drift.
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.executor(httpExecutor)
			.build();
		try (SampleBackends backends = SampleBackends.start(0, settings.rotationWindow(), settings.seed());
				ConfigurableApplicationContext application = startApplication(backends);
				ScheduledRotations rotations = new ScheduledRotations(backends, settings.rotationWindow(),
						() -> pool(application).getHikariPoolMXBean().softEvictConnections());
				FaultSchedule faults = FaultSchedule.plan(settings.duration(), settings.seed())) {
			URI base = URI.create("http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port"));
			HikariDataSource pool = pool(application);
			Duration startUp = since(testStartedAt);
			long warmUpStartedAt = System.nanoTime();
			long warmUpFailures = warmUp(base, http, settings, settle);
			JvmFootprint start = JvmFootprint.measure();
			Duration warmUp = since(warmUpStartedAt);

			backends.emulator().control().resetCounters();
			HttpLoad load = new HttpLoad(base, http);
			StallWatch stallWatch = new StallWatch(load::served, Duration.ofSeconds(2), STALLS);
			Files.deleteIfExists(STALLS);
			Instant startedAtInstant = Instant.now();
			long startedAt = System.nanoTime();
			load.start(settings.clientThreads());
			stallWatch.start();
			rotations.start(settings.rotationInterval());
			faults.start(backends.emulator().control());
			// Ends the run early at the first failed request: the rest of the run would
			// not change the verdict.
			boolean failed = load.awaitFirstFailure(settings.duration());
			if (!failed) {
				// On a starved machine rotations can lag: go on until both modes have had
				// one.
				eventually(settle, () -> load.failed() > 0 || (rotations.succeeded(Mode.SINGLE_USER) > 0
						&& rotations.succeeded(Mode.ALTERNATING_USERS) > 0));
			}
			faults.stop();
			rotations.stop();
			load.stop(settle);
			stallWatch.close();
			Duration ran = since(startedAt);
			Map<String, Long> requests = backends.emulator().control().requestCounts();
			long settlingStartedAt = System.nanoTime();

			boolean rotationsEnded = eventually(settle, rotations::allDone);
			boolean poolOnCurrentCredentials = eventually(settle, () -> isOnCurrentCredentials(backends, pool));
			boolean apiKeyCurrent = eventually(settle, () -> isCurrentApiKey(backends, application));
			boolean poolIdle = eventually(settle, () -> pool.getHikariPoolMXBean().getActiveConnections() == 0);
			boolean threadsBack = eventually(settle,
					() -> JvmFootprint.applicationThreadCount() <= start.applicationThreads() + THREAD_MARGIN);
			JvmFootprint end = JvmFootprint.measure();
			String health = healthStatus(base, http);
			Set<String> secretValues = new SecretValuesEverStored(backends.emulator().client())
				.of(SampleBackends.DB_SECRET, SampleBackends.MASTER_SECRET, SampleBackends.PAYMENTS_SECRET);
			String everythingPrinted = output.getAll();
			long secretValuesPrinted = secretValues.stream().filter(everythingPrinted::contains).count();
			Duration settling = since(settlingStartedAt);

			SoakReport report = report(settings, ran, load, rotations, faults, requests, application, pool, start, end,
					health)
				.row("Run started at", startedAtInstant)
				.row("Seconds without a served request, from the start", load.secondsWithoutServedRequest())
				.row("Thread dumps of stalls of 2 s or more (%s)".formatted(STALLS), stallWatch.dumps())
				.row("Start-up (PostgreSQL, emulator, application), warm-up, settling after the run",
						"%.1f s, %.1f s, %.1f s".formatted(seconds(startUp), seconds(warmUp), seconds(settling)))
				.row("Secret values (of %d ever stored) found in the output".formatted(secretValues.size()),
						secretValuesPrinted);
			System.out.println(report.toMarkdown());
			report.write(REPORT);

			assertThat(warmUpFailures).as("failed requests during the warm-up").isZero();
			assertThat(load.failed()).as("failed requests (%s)", load.failuresByKind()).isZero();
			assertThat(load.served()).as("requests served").isPositive();
			assertThat(rotationsEnded).as("every rotation started has ended").isTrue();
			assertThat(rotations.unsuccessful()).as("rotations that did not succeed").isEmpty();
			assertThat(rotations.notStarted()).as("rotations that could not be started").isEmpty();
			assertThat(rotations.succeeded(Mode.SINGLE_USER)).as("single-user rotations").isPositive();
			assertThat(rotations.succeeded(Mode.ALTERNATING_USERS)).as("alternating-users rotations").isPositive();
			assertThat(faults.due()).as("fault episodes due").isPositive();
			assertThat(faults.applied()).as("fault episodes applied").isEqualTo(faults.due());
			assertThat(poolOnCurrentCredentials).as("the pool logs in with AWSCURRENT's credentials").isTrue();
			assertThat(apiKeyCurrent).as("payments.api-key is AWSCURRENT's").isTrue();
			assertThat(poolIdle)
				.as("no connection in use once the load stopped (active: %d)",
						pool.getHikariPoolMXBean().getActiveConnections())
				.isTrue();
			assertThat(threadsBack)
				.as("application threads back within %d of %d (now %d)", THREAD_MARGIN, start.applicationThreads(),
						end.applicationThreads())
				.isTrue();
			assertThat(end.heapUsedBytes())
				.as("heap after a full GC at the end (start: %d MiB, end: %d MiB)", start.heapUsedMiB(),
						end.heapUsedMiB())
				.isLessThanOrEqualTo(start.heapUsedBytes() + HEAP_GROWTH_LIMIT_BYTES);
			assertThat(health).as("/actuator/health").isEqualTo("UP");
			// A count, never the values: a failure message is output too.
			assertThat(secretValuesPrinted).as("secret values found in the log and output").isZero();
			assertThat(secretValues.size()).as("secret values ever stored").isGreaterThan(2);
			// The check above only means something if the application's log is in the
			// output.
			assertThat(everythingPrinted.contains("now uses the credentials of spring.datasource properties"))
				.as("the credential swaps are logged in the captured output")
				.isTrue();
		}
		finally {
			httpExecutor.shutdownNow();
		}
	}

	private static ConfigurableApplicationContext startApplication(SampleBackends backends) {
		List<String> arguments = new ArrayList<>(backends.applicationArguments());
		arguments.add("--server.port=0");
		// Rotations every 5 seconds: check every second, and after failures at most every
		// 5.
		arguments.add("--aws.secrets.refresh.interval=1s");
		arguments.add("--aws.secrets.refresh.max-backoff=5s");
		// A fixed set of request threads, all started at once, so that the thread count
		// measures leaks rather than how far Tomcat's pool happened to grow.
		arguments.add("--server.tomcat.threads.max=48");
		arguments.add("--server.tomcat.threads.min-spare=48");
		System.setProperty("aws.accessKeyId", "sample");
		System.setProperty("aws.secretAccessKey", "sample");
		return SpringApplication.run(SampleApplication.class, arguments.toArray(String[]::new));
	}

	private static HikariDataSource pool(ConfigurableApplicationContext application) {
		return DataSourceUnwrapper.unwrap(application.getBean(javax.sql.DataSource.class), HikariDataSource.class);
	}

	/**
	 * Runs the full load without rotations or faults until a few hundred requests are
	 * served, so that connections, threads and classes are in place before the footprint
	 * at the start is taken.
	 * @return how many requests failed
	 */
	private static long warmUp(URI base, HttpClient http, SoakSettings settings, Duration settle) throws Exception {
		HttpLoad warmUp = new HttpLoad(base, http);
		warmUp.start(settings.clientThreads());
		try {
			await().atMost(settle).until(() -> warmUp.served() >= WARM_UP_REQUESTS || warmUp.failed() > 0);
		}
		finally {
			warmUp.stop(settle);
		}
		return warmUp.failed();
	}

	private static boolean isOnCurrentCredentials(SampleBackends backends, HikariDataSource pool) {
		DatabaseSecret current = DatabaseSecret.parse(backends.emulator()
			.client()
			.getSecretValue((request) -> request.secretId(SampleBackends.DB_SECRET))
			.secretString());
		return current.username().equals(pool.getUsername()) && current.password().equals(pool.getPassword())
				&& current.username()
					.equals(JdbcClient.create(pool).sql("SELECT current_user").query(String.class).single());
	}

	private static boolean isCurrentApiKey(SampleBackends backends, ConfigurableApplicationContext application) {
		return backends.currentApiKey().equals(application.getBean(PaymentProperties.class).getApiKey());
	}

	private static String healthStatus(URI base, HttpClient http) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(base.resolve("/actuator/health")).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
		return JsonMapper.builder().build().readTree(response.body()).path("status").asString("none");
	}

	/**
	 * Waits up to {@code atMost} for {@code condition}; whether it held, so that the
	 * report is written either way.
	 */
	private static boolean eventually(Duration atMost, Callable<Boolean> condition) {
		try {
			await().atMost(atMost).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(condition);
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

	private static SoakReport report(SoakSettings settings, Duration ran, HttpLoad load, ScheduledRotations rotations,
			FaultSchedule faults, Map<String, Long> requests, ConfigurableApplicationContext application,
			HikariDataSource pool, JvmFootprint start, JvmFootprint end, String health) {
		SecretsDataSourceState dataSources = application.getBean(SecretsDataSourceState.class);
		double runSeconds = seconds(ran);
		SoakReport report = new SoakReport("Soak run of the sample application");
		report.row("Duration", "%s planned, %.1f s run".formatted(settings.duration(), runSeconds))
			.row("Client threads", settings.clientThreads())
			.row("Seed", settings.seed())
			.row("Requests served", "%d (%.0f per second)".formatted(load.served(), load.served() / runSeconds))
			.row("Failed requests", load.failed())
			.row("Longest request", load.longestRequest())
			.row("Failures by kind", SoakReport.counts(load.failuresByKind()))
			.row("Rotations (every %ds)".formatted(settings.rotationInterval().toSeconds()),
					SoakReport.counts(rotations.outcomes()))
			.row("Rotation ticks, skipped while the previous rotation ran",
					"%d, %d".formatted(rotations.ticks(), rotations.skippedTicks()))
			.row("Rotations not started", SoakReport.counts(rotations.notStarted()))
			.row("Single-user windows in which the pool renewed its connections", rotations.renewals())
			.row("Fault episodes applied",
					"%d of %d planned (%s)".formatted(faults.applied(), faults.episodes().size(),
							SoakReport.counts(faults.planned())))
			.row("Secrets Manager requests during the run", SoakReport.counts(requests))
			.row("Credential swaps, soft evictions",
					"%d, %d".formatted(dataSources.getCredentialSwaps(), dataSources.getSoftEvictions()))
			.row("Rejected logins, AWSPENDING fallbacks, forced refreshes",
					"%s, %d, %d".formatted(SoakReport.counts(dataSources.getAuthenticationFailures()),
							dataSources.getPendingFallbacks(), dataSources.getForcedRefreshes()))
			.row("Connections in use after the load (leaked)", pool.getHikariPoolMXBean().getActiveConnections())
			.row("Heap used after full GC, start / end",
					"%d MiB / %d MiB (%+d MiB)".formatted(start.heapUsedMiB(), end.heapUsedMiB(),
							end.heapUsedMiB() - start.heapUsedMiB()))
			.row("Live threads, start / end", "%d / %d".formatted(start.liveThreads(), end.liveThreads()))
			.row("Application threads (less emulator), start / end",
					"%d / %d".formatted(start.applicationThreads(), end.applicationThreads()))
			.row("Health at the end", health);
		for (FaultSchedule.Episode episode : faults.episodes()) {
			report.episode("%.1f s to %.1f s: %s".formatted(episode.start().toMillis() / 1000.0,
					episode.start().plus(episode.length()).toMillis() / 1000.0, episode.describe()));
		}
		return report;
	}

	private static Duration since(long nanoTime) {
		return Duration.ofNanos(System.nanoTime() - nanoTime);
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

}
