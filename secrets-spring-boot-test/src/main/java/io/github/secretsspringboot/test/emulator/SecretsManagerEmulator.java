package io.github.secretsspringboot.test.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * An AWS Secrets Manager emulator on the loopback interface, speaking the AWS JSON 1.1
 * protocol to any client, the AWS SDKs and CLI included. In-memory and thread-safe.
 *
 * <pre>{@code
 * try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start()) {
 *     SecretsManagerClient client = emulator.client();
 *     client.createSecret((r) -> r.name("prod/app/db").secretString("{...}"));
 * }
 * }</pre> RotateSecret invokes the {@link RotationFunction} registered for its Lambda ARN
 * with {@link #registerRotationFunction(String, RotationFunction)}, in the background as
 * AWS invokes a Lambda; {@link #rotations()} tells how each rotation went.
 */
public final class SecretsManagerEmulator implements AutoCloseable {

	static {
		// The JDK's HTTP server leaves Nagle's algorithm on, so each response body,
		// written
		// after its headers, waits for the client's delayed ACK: about 40 ms added to
		// every
		// call, which would swamp the latency that tests set. The server reads this
		// property
		// once, when it is first used in the JVM.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	private final String region;

	private final String accountId;

	private final SecretStore store;

	private final EmulatorControl control;

	private final RotationService rotations;

	private final SecretSeeds seeds;

	private final EmulatorTopics topics;

	private final HttpServer server;

	private final ExecutorService serverThreads;

	private final ScheduledExecutorService scheduler;

	private final EmulatorEvents events;

	private volatile SecretsManagerClient client;

	private SecretsManagerEmulator(Builder builder) {
		this.region = builder.region;
		this.accountId = builder.accountId;
		EmulatorClock clock = new EmulatorClock(builder.clock);
		this.store = new SecretStore(this.region, this.accountId, clock);
		this.control = new EmulatorControl(clock, new SplittableRandom(builder.randomSeed));
		this.rotations = new RotationService(this.store, this::client, builder.rotationHistoryLimit);
		this.serverThreads = Executors.newCachedThreadPool(daemonThreads("secrets-manager-emulator"));
		this.scheduler = Executors.newScheduledThreadPool(2, daemonThreads("secrets-manager-emulator-delay"));
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), 256);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not bind the emulator to port " + builder.port, ex);
		}
		JsonMapper json = JsonMapper.builder().build();
		this.events = new EmulatorEvents(json, this.region, this.accountId, builder.eventDelay);
		this.seeds = new SecretSeeds(json, this.store, this.control, this.rotations);
		OperationRegistry operations = Operations.all();
		this.topics = new EmulatorTopics(this.region, this.accountId, json);
		this.events.useTopics(this.topics);
		EmulatorControlHttpHandler controlHandler = new EmulatorControlHttpHandler(json, this.control, operations,
				this.seeds::load, this::clear, this.events, this.topics);
		this.server.createContext("/", new SnsHttpHandler(this.topics, new SecretsManagerHttpHandler(json, operations,
				this.store, this.control, this.rotations, this.scheduler, controlHandler, this.events)));
		this.server.setExecutor(this.serverThreads);
	}

	/** Starts an emulator on an ephemeral port with the default region and account. */
	public static SecretsManagerEmulator start() {
		return builder().start();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The endpoint to give clients, such as {@code http://127.0.0.1:54321}. */
	public URI endpoint() {
		return URI.create("http://" + this.server.getAddress().getAddress().getHostAddress() + ":" + port());
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	public String region() {
		return this.region;
	}

	public String accountId() {
		return this.accountId;
	}

	/** Latency, outages, injected faults, denied secrets and request counters. */
	public EmulatorControl control() {
		return this.control;
	}

	/** SNS topics on the same endpoint, and their delivery to SQS queues. */
	public EmulatorTopics topics() {
		return this.topics;
	}

	/**
	 * The events the emulator publishes, as Secrets Manager publishes them to
	 * EventBridge, and where they are delivered, such as an SQS queue.
	 */
	public EmulatorEvents events() {
		return this.events;
	}

	/**
	 * Registers the function that RotateSecret invokes for {@code lambdaArn}, as
	 * {@code RotationLambdaARN} would name a Lambda function.
	 */
	public SecretsManagerEmulator registerRotationFunction(String lambdaArn, RotationFunction function) {
		this.rotations.register(lambdaArn, function);
		return this;
	}

	/**
	 * Creates the secrets of a seed file, each through CreateSecret; see
	 * {@link #seed(InputStream)}.
	 * @param seed a JSON seed document
	 * @return the names of the created secrets, in document order
	 */
	public List<String> seed(Path seed) {
		try (InputStream in = Files.newInputStream(seed)) {
			return seed(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the seed " + seed, ex);
		}
	}

	/**
	 * Creates the secrets of a seed document, each through CreateSecret, all or none:
	 * <pre>{@code
	 * {"secrets": [
	 *   {"name": "prod/app/db", "secretString": "{...}", "description": "...", "tags": {"team": "a"}},
	 *   {"name": "prod/app/config", "secretString": {"url": "jdbc:..."}},
	 *   {"name": "prod/app/keystore", "secretBinaryBase64": "AAEC"}
	 * ]}
	 * }</pre> {@code secretString} may be a JSON object, stored as its text;
	 * {@code kmsKeyId} is accepted too.
	 * @param seed a JSON seed document, read but not closed
	 * @return the names of the created secrets, in document order
	 * @throws IllegalArgumentException if the document is malformed or CreateSecret
	 * rejects one of its secrets (the message names the secret, never a value)
	 */
	public List<String> seed(InputStream seed) {
		return this.seeds.load(seed);
	}

	/**
	 * The rotations RotateSecret has started since the emulator started or was last
	 * {@linkplain #clear() cleared}, oldest first: the latest 1000 (see
	 * {@link Builder#rotationHistoryLimit(int)}) and every one still running. Rotations
	 * run in the background, as in AWS: poll this (for example with Awaitility) to wait
	 * for one to end.
	 */
	public List<RotationOutcome> rotations() {
		return this.rotations.outcomes();
	}

	/**
	 * The latest rotation started with {@code clientRequestToken}, the {@code VersionId}
	 * that RotateSecret answered.
	 */
	public Optional<RotationOutcome> rotation(String clientRequestToken) {
		List<RotationOutcome> outcomes = rotations();
		for (int i = outcomes.size() - 1; i >= 0; i--) {
			if (outcomes.get(i).clientRequestToken().equals(clientRequestToken)) {
				return Optional.of(outcomes.get(i));
			}
		}
		return Optional.empty();
	}

	/**
	 * A client for this emulator (real SDK, URL connection HTTP client, any credentials),
	 * created on first use and closed with the emulator.
	 */
	public SecretsManagerClient client() {
		SecretsManagerClient current = this.client;
		if (current == null) {
			synchronized (this) {
				current = this.client;
				if (current == null) {
					current = newClient();
					this.client = current;
				}
			}
		}
		return current;
	}

	/** A new client for this emulator; the caller closes it. */
	public SecretsManagerClient newClient() {
		return SecretsManagerClient.builder()
			.endpointOverride(endpoint())
			.region(Region.of(this.region))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")))
			.httpClientBuilder(UrlConnectionHttpClient.builder())
			.build();
	}

	/**
	 * Removes every secret and stops and forgets every rotation, as if the emulator had
	 * just started. Control settings and registered rotation functions are kept.
	 */
	public void clear() {
		this.rotations.clear();
		this.store.locked(() -> {
			this.store.clear();
			return null;
		});
	}

	@Override
	public void close() {
		this.rotations.close();
		this.events.close();
		SecretsManagerClient current = this.client;
		if (current != null) {
			current.close();
		}
		this.server.stop(0);
		this.topics.close();
		this.scheduler.shutdownNow();
		this.serverThreads.shutdownNow();
	}

	@Override
	public String toString() {
		return "SecretsManagerEmulator[" + endpoint() + ", " + this.region + ", " + this.accountId + "]";
	}

	static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	private SecretsManagerEmulator startServer() {
		this.server.start();
		return this;
	}

	/** Options of an emulator; {@link #start()} binds and starts it. */
	public static final class Builder {

		private int port = 0;

		private String region = "us-east-1";

		private String accountId = "123456789012";

		private long randomSeed = System.nanoTime();

		private Clock clock = Clock.systemUTC();

		private int rotationHistoryLimit = RotationService.DEFAULT_HISTORY_LIMIT;

		private Duration eventDelay = Duration.ZERO;

		private Builder() {
		}

		/** The port to bind on 127.0.0.1; {@code 0} (the default) picks a free one. */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/** The region in ARNs (default {@code us-east-1}). */
		public Builder region(String region) {
			this.region = region;
			return this;
		}

		/** The account id in ARNs (default {@code 123456789012}). */
		public Builder accountId(String accountId) {
			this.accountId = accountId;
			return this;
		}

		/**
		 * Seeds the choice of which requests injected faults hit, for repeatable runs.
		 */
		public Builder randomSeed(long randomSeed) {
			this.randomSeed = randomSeed;
			return this;
		}

		/** The clock the emulator starts from (default: system UTC). */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * How many rotations {@link SecretsManagerEmulator#rotations()} keeps (default
		 * 1000): beyond that the oldest ended ones are dropped; running ones are always
		 * kept.
		 */
		public Builder rotationHistoryLimit(int limit) {
			if (limit < 1) {
				throw new IllegalArgumentException("rotationHistoryLimit must be at least 1, was " + limit);
			}
			this.rotationHistoryLimit = limit;
			return this;
		}

		/**
		 * How long after an operation its events reach their targets (default none), as
		 * EventBridge and SQS take a moment in AWS.
		 */
		public Builder eventDelay(Duration eventDelay) {
			if (eventDelay.isNegative()) {
				throw new IllegalArgumentException("eventDelay must not be negative, was " + eventDelay);
			}
			this.eventDelay = eventDelay;
			return this;
		}

		public SecretsManagerEmulator start() {
			return new SecretsManagerEmulator(this).startServer();
		}

	}

}
