package io.github.secretsspringboot.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import io.github.secretsspringboot.test.emulator.RotationEvent;
import io.github.secretsspringboot.test.emulator.RotationFunction;
import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.emulator.RotationStep;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.rotation.JsonKeyRotationFunction;
import io.github.secretsspringboot.test.rotation.PostgresAlternatingUsersRotationFunction;
import io.github.secretsspringboot.test.rotation.PostgresSingleUserRotationFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Rotates the sample's database secret on a fixed schedule, alternating single-user and
 * alternating-users rotations of the same secret, and its API key with it.
 * <p>
 * The database secret holds a {@code masterarn}, so both kinds of rotation apply to it:
 * the mode is chosen per rotation by the Lambda ARN that RotateSecret names, as switching
 * a secret's rotation function does in AWS. A single-user rotation after an
 * alternating-users one changes the password of whichever user is current.
 * <p>
 * The injected faults hit every Secrets Manager request, the rotation functions' too. In
 * AWS a failed step is retried by invoking the Lambda again; here the functions and the
 * RotateSecret calls use a client that retries for longer than any fault episode lasts,
 * so that faults test the application, not whether a rotation survives them. A tick whose
 * previous rotation of the same secret is still running starts none (Secrets Manager
 * would refuse it) and is counted as skipped.
 * <p>
 * Halfway through each single-user window, the pool is made to renew its connections
 * (HikariCP's soft eviction, what it does at a connection's max-lifetime): otherwise it
 * would only open connections after a credential swap, never while the database refuses
 * the password that AWSCURRENT still holds, and that path would go untested.
 */
final class ScheduledRotations implements AutoCloseable {

	private static final String SINGLE_USER_FUNCTION = "soak-db-single-user";

	private static final String ALTERNATING_USERS_FUNCTION = "soak-db-alternating-users";

	private static final String API_KEY_FUNCTION = "soak-api-key";

	private final SecretsManagerEmulator emulator;

	private final SecretsManagerClient patientClient;

	private final ScheduledExecutorService scheduler = Executors
		.newSingleThreadScheduledExecutor(DaemonThreads.named("soak-rotations"));

	private final List<Started> databaseRotations = new CopyOnWriteArrayList<>();

	private final List<Started> apiKeyRotations = new CopyOnWriteArrayList<>();

	private final LongAdder skippedTicks = new LongAdder();

	private final Map<String, LongAdder> notStarted = new ConcurrentHashMap<>();

	private final AtomicInteger ticks = new AtomicInteger();

	private final Duration rotationWindow;

	private final Runnable renewConnections;

	private final Map<String, Long> windowSeenAt = new ConcurrentHashMap<>();

	private final Set<String> renewedIn = ConcurrentHashMap.newKeySet();

	/**
	 * @param backends the emulator and database
	 * @param rotationWindow pause between testSecret and finishSecret
	 * @param renewConnections makes the pool replace its connections
	 */
	ScheduledRotations(SampleBackends backends, Duration rotationWindow, Runnable renewConnections) {
		this.emulator = backends.emulator();
		this.rotationWindow = rotationWindow;
		this.renewConnections = renewConnections;
		this.patientClient = patientClient(this.emulator);
		register(SINGLE_USER_FUNCTION, new PostgresSingleUserRotationFunction().withPauseBeforeFinish(rotationWindow));
		register(ALTERNATING_USERS_FUNCTION,
				new PostgresAlternatingUsersRotationFunction().withPauseBeforeFinish(rotationWindow));
		register(API_KEY_FUNCTION, new JsonKeyRotationFunction("api_key"));
	}

	/** Starts a rotation of each secret now and then every {@code interval}. */
	void start(Duration interval) {
		this.scheduler.scheduleAtFixedRate(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
		this.scheduler.scheduleWithFixedDelay(this::renewConnectionsInWindow, 100, 100, TimeUnit.MILLISECONDS);
	}

	/** Starts no further rotation; those under way go on. */
	void stop() throws InterruptedException {
		this.scheduler.shutdown();
		if (!this.scheduler.awaitTermination(1, TimeUnit.MINUTES)) {
			throw new IllegalStateException("The rotation schedule did not stop");
		}
	}

	private void tick() {
		this.ticks.incrementAndGet();
		// A day of the emulator's time per tick: Secrets Manager keeps at most 100
		// versions and
		// removes deprecated ones only once they are a day old, so rotations every 5
		// seconds
		// would exceed its quota after about 8 minutes (LimitExceededException).
		this.emulator.control().advanceClock(Duration.ofDays(1));
		if (isRunning(this.databaseRotations)) {
			this.skippedTicks.increment();
		}
		else {
			Mode mode = (this.databaseRotations.size() % 2 == 0) ? Mode.SINGLE_USER : Mode.ALTERNATING_USERS;
			String function = (mode == Mode.SINGLE_USER) ? SINGLE_USER_FUNCTION : ALTERNATING_USERS_FUNCTION;
			rotate(SampleBackends.DB_SECRET, function, mode, this.databaseRotations);
		}
		if (!isRunning(this.apiKeyRotations)) {
			rotate(SampleBackends.PAYMENTS_SECRET, API_KEY_FUNCTION, Mode.API_KEY, this.apiKeyRotations);
		}
	}

	/**
	 * Renews the pool's connections once per single-user rotation, when it has waited
	 * before finishSecret for half the window.
	 */
	private void renewConnectionsInWindow() {
		if (this.databaseRotations.isEmpty()) {
			return;
		}
		Started latest = this.databaseRotations.get(this.databaseRotations.size() - 1);
		if (latest.mode() != Mode.SINGLE_USER || this.renewedIn.contains(latest.token())) {
			return;
		}
		boolean inWindow = outcome(latest)
			.map((outcome) -> outcome.isRunning() && outcome.currentStep() == RotationStep.FINISH_SECRET)
			.orElse(false);
		if (inWindow) {
			long seenAt = this.windowSeenAt.computeIfAbsent(latest.token(), (token) -> System.nanoTime());
			if (System.nanoTime() - seenAt >= this.rotationWindow.toNanos() / 2) {
				this.renewedIn.add(latest.token());
				this.renewConnections.run();
			}
		}
	}

	private boolean isRunning(List<Started> rotations) {
		return !rotations.isEmpty()
				&& !outcome(rotations.get(rotations.size() - 1)).map(RotationOutcome::isDone).orElse(true);
	}

	private void rotate(String secretId, String function, Mode mode, List<Started> started) {
		try {
			String token = this.patientClient
				.rotateSecret((request) -> request.secretId(secretId).rotationLambdaARN(lambdaArn(function)))
				.versionId();
			started.add(new Started(mode, token));
		}
		catch (RuntimeException ex) {
			// The class only: a message could name anything the service echoed back.
			this.notStarted.computeIfAbsent(mode.label + ": " + ex.getClass().getSimpleName(), (key) -> new LongAdder())
				.increment();
		}
	}

	/** Whether every rotation started has ended, in whichever way. */
	boolean allDone() {
		return !isRunning(this.databaseRotations) && !isRunning(this.apiKeyRotations);
	}

	int ticks() {
		return this.ticks.get();
	}

	/** Single-user windows in which the pool renewed its connections. */
	int renewals() {
		return this.renewedIn.size();
	}

	long skippedTicks() {
		return this.skippedTicks.sum();
	}

	/** RotateSecret calls that failed even after retries, by mode and exception class. */
	Map<String, Long> notStarted() {
		Map<String, Long> snapshot = new TreeMap<>();
		this.notStarted.forEach((kind, count) -> snapshot.put(kind, count.sum()));
		return snapshot;
	}

	/**
	 * How many rotations of each mode ended with each status, such as
	 * {@code single-user SUCCEEDED}.
	 */
	Map<String, Long> outcomes() {
		Map<String, Long> counts = new TreeMap<>();
		for (List<Started> rotations : List.of(this.databaseRotations, this.apiKeyRotations)) {
			for (Started rotation : rotations) {
				String status = outcome(rotation).map((outcome) -> outcome.status().name()).orElse("UNKNOWN");
				counts.merge(rotation.mode().label + " " + status, 1L, Long::sum);
			}
		}
		return counts;
	}

	/**
	 * Rotations that ended otherwise than succeeded, with the step and error type, if
	 * any.
	 */
	List<String> unsuccessful() {
		return Stream.concat(this.databaseRotations.stream(), this.apiKeyRotations.stream())
			.map((rotation) -> outcome(rotation).filter((outcome) -> !outcome.isSucceeded())
				.map((outcome) -> rotation.mode().label + " " + outcome.status() + " at " + outcome.failedStep() + " ("
						+ outcome.errorType() + ")"))
			.flatMap(Optional::stream)
			.toList();
	}

	long succeeded(Mode mode) {
		return Stream.concat(this.databaseRotations.stream(), this.apiKeyRotations.stream())
			.filter((rotation) -> rotation.mode() == mode)
			.filter((rotation) -> outcome(rotation).map(RotationOutcome::isSucceeded).orElse(false))
			.count();
	}

	private Optional<RotationOutcome> outcome(Started rotation) {
		return this.emulator.rotation(rotation.token());
	}

	private void register(String function, RotationFunction delegate) {
		this.emulator.registerRotationFunction(lambdaArn(function),
				new PatientRotationFunction(delegate, this.patientClient));
	}

	private String lambdaArn(String function) {
		return "arn:aws:lambda:" + this.emulator.region() + ":" + this.emulator.accountId() + ":function:" + function;
	}

	/**
	 * A client that rides out every fault episode of the schedule (the longest lasts a
	 * few seconds): up to 40 attempts, 50 ms doubling to 500 ms between them, and no
	 * circuit breaker, which would otherwise stop retrying after a run of failures.
	 */
	private static SecretsManagerClient patientClient(SecretsManagerEmulator emulator) {
		BackoffStrategy backoff = BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofMillis(500));
		StandardRetryStrategy retries = AwsRetryStrategy.configure(StandardRetryStrategy.builder())
			.maxAttempts(40)
			.circuitBreakerEnabled(false)
			.backoffStrategy(backoff)
			.throttlingBackoffStrategy(backoff)
			.build();
		return SecretsManagerClient.builder()
			.endpointOverride(emulator.endpoint())
			.region(Region.of(emulator.region()))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("soak", "soak")))
			.httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(10)))
			.overrideConfiguration((configuration) -> configuration.retryStrategy(retries))
			.build();
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.patientClient.close();
	}

	/** What a rotation changes. */
	enum Mode {

		SINGLE_USER("single-user"), ALTERNATING_USERS("alternating-users"), API_KEY("api-key");

		private final String label;

		Mode(String label) {
			this.label = label;
		}

		String label() {
			return this.label;
		}

	}

	private record Started(Mode mode, String token) {
	}

	/**
	 * Runs a rotation function's steps with the patient client instead of the emulator's.
	 */
	private record PatientRotationFunction(RotationFunction delegate,
			SecretsManagerClient client) implements RotationFunction {

		@Override
		public void handle(RotationEvent event, SecretsManagerClient secretsManager) throws Exception {
			this.delegate.handle(event, this.client);
		}

		@Override
		public Duration pauseBefore(RotationStep step) {
			return this.delegate.pauseBefore(step);
		}

	}

}
