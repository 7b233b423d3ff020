package io.github.secretsspringboot.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * One library under rotation, in a JVM of its own: starts a Spring Boot application whose
 * DataSource credentials come from the database secret through that library, runs client
 * threads that query through the pool without pause, and records every query and every
 * login (see {@link RecordingDriver}).
 * <p>
 * Prints {@code READY} once the clients run. The harness then writes to standard input
 * {@code EVICT} to have the pool renew its connections (HikariCP's soft eviction, what it
 * does when a connection reaches its max-lifetime), one line per finished rotation
 * ({@code ROTATION index kind status startMicros finishMicros endMicros fingerprint}) and
 * {@code END measureStartMicros measureEndMicros} last; the probe stops its clients and
 * prints its figures ({@code RESULT}, {@code KIND} and {@code DETAIL} lines, see
 * {@link RotationAnalysis}). Standard input closing ends it too.
 * <p>
 * Arguments:
 * {@code ours|spring-cloud-aws endpoint secretId refreshPeriod threads poolSize
 * maxLifetimeMillis connectionTimeoutMillis}, the refresh period as Spring reads a
 * duration ({@code 2s}).
 */
public final class RotationProbe {

	/**
	 * Returns the backend process id, which ties the query to the login of its
	 * connection.
	 */
	private static final String QUERY = "SELECT pg_backend_pid()";

	private RotationProbe() {
	}

	public static void main(String[] args) throws Exception {
		String library = args[0];
		String endpoint = args[1];
		String secretId = args[2];
		String refreshPeriod = args[3];
		int threads = Integer.parseInt(args[4]);
		String poolSize = args[5];
		String maxLifetime = args[6];
		String connectionTimeout = args[7];
		List<String> properties = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--logging.level.root=WARN",
				"--spring.application.name=rotation-probe",
				"--spring.datasource.driver-class-name=" + RecordingDriver.class.getName(),
				"--spring.datasource.hikari.pool-name=benchmark",
				"--spring.datasource.hikari.maximum-pool-size=" + poolSize,
				"--spring.datasource.hikari.max-lifetime=" + maxLifetime,
				"--spring.datasource.hikari.connection-timeout=" + connectionTimeout));
		if ("ours".equals(library)) {
			properties.add("--spring.config.import=aws-secret:" + secretId + "?format=datasource");
			properties.add("--aws.secrets.endpoint=" + endpoint);
			properties.add("--aws.secrets.region=us-east-1");
			properties.add("--aws.secrets.refresh.interval=" + refreshPeriod);
			// A fixed period, as Spring Cloud AWS polls.
			properties.add("--aws.secrets.refresh.jitter=0");
			properties.add("--spring.cloud.aws.secretsmanager.enabled=false");
		}
		else {
			// Its loader adds the secret's JSON keys as properties, here under db.; the
			// DataSource properties refer to them, as its documentation shows.
			properties.add("--spring.config.import=aws-secretsmanager:" + secretId + "?prefix=db.");
			properties.add("--spring.cloud.aws.secretsmanager.endpoint=" + endpoint);
			properties.add("--spring.cloud.aws.region.static=us-east-1");
			properties.add("--spring.cloud.aws.secretsmanager.reload.strategy=refresh");
			properties.add("--spring.cloud.aws.secretsmanager.reload.period=" + refreshPeriod);
			properties.add("--spring.datasource.url=jdbc:postgresql://${db.host}:${db.port}/${db.dbname}");
			properties.add("--spring.datasource.username=${db.username}");
			properties.add("--spring.datasource.password=${db.password}");
			// This starter is on the classpath too: keep it out of the way.
			properties.add("--aws.secrets.hikari.enabled=false");
			properties.add("--aws.secrets.refresh.enabled=false");
		}
		SpringApplication application = new SpringApplication(ProbeApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setLogStartupInfo(false);
		ConfigurableApplicationContext context = application.run(properties.toArray(String[]::new));
		DataSource dataSource = context.getBean(DataSource.class);
		HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);

		Clients clients = new Clients(dataSource, threads);
		clients.start();
		System.out.println("READY");
		System.out.flush();

		List<RotationAnalysis.Rotation> rotations = new ArrayList<>();
		long measureStart = 0;
		long measureEnd = 0;
		BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line;
		while ((line = input.readLine()) != null) {
			String[] fields = line.trim().split(" ");
			if (fields[0].equals("EVICT")) {
				hikari.getHikariPoolMXBean().softEvictConnections();
			}
			else if (fields[0].equals("ROTATION")) {
				rotations.add(new RotationAnalysis.Rotation(Integer.parseInt(fields[1]), fields[2], fields[3],
						Long.parseLong(fields[4]), Long.parseLong(fields[5]), Long.parseLong(fields[6]), fields[7]));
			}
			else if (fields[0].equals("END")) {
				measureStart = Long.parseLong(fields[1]);
				measureEnd = Long.parseLong(fields[2]);
				break;
			}
		}
		clients.stop();
		if (measureEnd == 0) {
			System.out.println("ABORTED the harness went away");
			halt(1);
		}
		// Which credentials the environment and the pool hold at the end, to compare with
		// the
		// last rotation's.
		String environment = RecordingDriver.fingerprint(
				context.getEnvironment().getProperty("spring.datasource.username"),
				context.getEnvironment().getProperty("spring.datasource.password"));
		String pool = RecordingDriver.fingerprint(hikari.getUsername(), hikari.getPassword());
		RotationAnalysis analysis = new RotationAnalysis(library, clients.logs(), RecordingDriver.logins(), rotations,
				measureStart, measureEnd, environment, pool);
		analysis.print(System.out);
		clients.printFailures();
		System.out.flush();
		// Closing the context could wait on a pool that cannot log in; the figures are
		// out.
		halt(0);
	}

	private static void halt(int status) {
		System.out.flush();
		Runtime.getRuntime().halt(status);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ProbeApplication {

	}

	/** Client threads that query without pause until stopped. */
	private static final class Clients {

		private final DataSource dataSource;

		private final List<QueryLog> logs = new ArrayList<>();

		private final List<Thread> threads = new ArrayList<>();

		private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

		private volatile boolean running = true;

		Clients(DataSource dataSource, int count) {
			this.dataSource = dataSource;
			for (int i = 0; i < count; i++) {
				QueryLog log = new QueryLog();
				this.logs.add(log);
				Thread thread = new Thread(() -> run(log), "client-" + i);
				thread.setDaemon(true);
				this.threads.add(thread);
			}
		}

		void start() {
			this.threads.forEach(Thread::start);
		}

		private void run(QueryLog log) {
			while (this.running) {
				long start = System.nanoTime();
				int pid = 0;
				try (Connection connection = this.dataSource.getConnection();
						Statement statement = connection.createStatement();
						ResultSet result = statement.executeQuery(QUERY)) {
					result.next();
					pid = result.getInt(1);
				}
				catch (SQLException | RuntimeException ex) {
					this.failures.computeIfAbsent(describe(ex), (key) -> new AtomicLong()).incrementAndGet();
				}
				long end = System.nanoTime();
				log.add(EpochMicros.of(start), (end - start) / 1_000, pid);
				if (pid == 0 && end - start < 10_000_000L) {
					// A failure that does not even wait: keep a bounded pace.
					sleep(10);
				}
			}
		}

		void stop() throws InterruptedException {
			this.running = false;
			for (Thread thread : this.threads) {
				thread.join(60_000);
			}
		}

		List<QueryLog> logs() {
			return this.logs;
		}

		/**
		 * What went wrong, most frequent first (exception messages name no credential).
		 */
		void printFailures() {
			this.failures.entrySet()
				.stream()
				.sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()))
				.limit(5)
				.forEach((entry) -> System.out.println("FAILURE count=" + entry.getValue() + " " + entry.getKey()));
		}

		private static String describe(Throwable ex) {
			StringBuilder description = new StringBuilder(ex.getClass().getSimpleName()).append(": ")
				.append(ex.getMessage());
			Throwable cause = ex.getCause();
			if (cause != null && cause != ex) {
				description.append(" <- ")
					.append(cause.getClass().getSimpleName())
					.append(": ")
					.append(cause.getMessage());
			}
			return description.toString().replaceAll("\\d+", "#").replace('\n', ' ');
		}

		private static void sleep(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
