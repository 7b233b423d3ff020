package io.github.secretsspringboot.sample;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import io.github.secretsspringboot.test.emulator.PendingLabelAfterFinish;
import io.github.secretsspringboot.test.emulator.RotationEvent;
import io.github.secretsspringboot.test.emulator.RotationFunction;
import io.github.secretsspringboot.test.emulator.RotationStep;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.postgres.EmbeddedPostgresServer;
import io.github.secretsspringboot.test.rotation.JsonKeyRotationFunction;
import io.github.secretsspringboot.test.rotation.PostgresAlternatingUsersRotationFunction;
import io.github.secretsspringboot.test.rotation.PostgresSingleUserRotationFunction;
import io.github.secretsspringboot.test.sqs.EmbeddedSqs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample application's embedded default: a Secrets Manager emulator, a PostgreSQL
 * server and an SQS server on loopback, the database and role the application uses, its
 * two secrets, rotation functions for both, and a queue that receives the emulator's
 * Secrets Manager events, as an EventBridge rule would deliver them. No AWS account and
 * no Docker needed.
 */
final class SampleBackends implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SampleBackends.class);

	static final String DB_SECRET = "sample/app/db";

	static final String MASTER_SECRET = "sample/app/db-master";

	static final String PAYMENTS_SECRET = "sample/app/payments";

	static final String DATABASE = "sample";

	static final String USERNAME = "sample_app";

	static final String EVENTS_QUEUE = "sample-secret-events";

	private final EmbeddedPostgresServer postgres;

	private final SecretsManagerEmulator emulator;

	private final EmbeddedSqs sqs;

	private final String eventsQueueUrl;

	private SampleBackends(EmbeddedPostgresServer postgres, SecretsManagerEmulator emulator, EmbeddedSqs sqs) {
		this.postgres = postgres;
		this.emulator = emulator;
		this.sqs = sqs;
		this.eventsQueueUrl = sqs.createQueue(EVENTS_QUEUE);
		emulator.events().toQueue(this.eventsQueueUrl);
	}

	/**
	 * Starts both servers and seeds them. {@code rotationWindow} is the pause between a
	 * single-user rotation's setSecret and finishSecret: the database already has the new
	 * password while AWSCURRENT still has the old one.
	 */
	static SampleBackends start(int emulatorPort, Duration rotationWindow) {
		return start(emulatorPort, rotationWindow, System.nanoTime());
	}

	/**
	 * Starts the servers, the SQS server on {@code sqsPort} (0 for a free one), and seeds
	 * them.
	 */
	static SampleBackends start(int emulatorPort, int sqsPort, Duration rotationWindow) {
		return start(emulatorPort, sqsPort, rotationWindow, System.nanoTime());
	}

	/**
	 * Starts both servers and seeds them, with {@code randomSeed} choosing which requests
	 * the emulator's injected faults hit, for repeatable runs.
	 */
	static SampleBackends start(int emulatorPort, Duration rotationWindow, long randomSeed) {
		return start(emulatorPort, 0, rotationWindow, randomSeed);
	}

	private static SampleBackends start(int emulatorPort, int sqsPort, Duration rotationWindow, long randomSeed) {
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start();
		SecretsManagerEmulator emulator = SecretsManagerEmulator.builder()
			.port(emulatorPort)
			.randomSeed(randomSeed)
			.start();
		EmbeddedSqs sqs = EmbeddedSqs.builder().port(sqsPort).start();
		SampleBackends backends = new SampleBackends(postgres, emulator, sqs);
		backends.seed(rotationWindow);
		return backends;
	}

	private void seed(Duration rotationWindow) {
		String password = randomValue();
		this.postgres.createDatabaseWithOwner(DATABASE, USERNAME, password);
		String masterArn = this.emulator.client()
			.createSecret((request) -> request.name(MASTER_SECRET).secretString(this.postgres.adminRdsSecret()))
			.arn();
		this.emulator.client()
			.createSecret((request) -> request.name(DB_SECRET)
				.description("Database credentials of the sample application")
				.secretString(this.postgres.rdsSecret(DATABASE, USERNAME, password, masterArn)));
		this.emulator.client()
			.createSecret((request) -> request.name(PAYMENTS_SECRET)
				.description("API key of the sample application's payment provider")
				.secretString("{\"api_key\": \"sk_test_" + randomValue() + "\"}"));
		this.emulator.registerRotationFunction(lambdaArn("sample-db-single-user"),
				loggingFinish(new PostgresSingleUserRotationFunction().withPauseBeforeFinish(rotationWindow)));
		this.emulator.registerRotationFunction(lambdaArn("sample-db-alternating-users"),
				loggingFinish(new PostgresAlternatingUsersRotationFunction().withPauseBeforeFinish(rotationWindow)));
		this.emulator.registerRotationFunction(lambdaArn("sample-api-key"),
				loggingFinish(new JsonKeyRotationFunction("api_key")));
	}

	/**
	 * {@code function}, logging when its finishSecret moved AWSCURRENT, so that the log
	 * shows how soon the application has the new version.
	 */
	private static RotationFunction loggingFinish(RotationFunction function) {
		return new RotationFunction() {

			@Override
			public void handle(RotationEvent event, SecretsManagerClient secretsManager) throws Exception {
				function.handle(event, secretsManager);
				if (event.step() == RotationStep.FINISH_SECRET) {
					logger.info("Rotation function: finishSecret moved AWSCURRENT of '{}' to version {}",
							event.secretId(), event.clientRequestToken());
				}
			}

			@Override
			public Duration pauseBefore(RotationStep step) {
				return function.pauseBefore(step);
			}

			@Override
			public PendingLabelAfterFinish pendingLabelAfterFinish() {
				return function.pendingLabelAfterFinish();
			}

		};
	}

	/**
	 * Starts a rotation of the database secret; single-user unless
	 * {@code alternatingUsers}.
	 */
	String rotateDatabaseSecret(boolean alternatingUsers) {
		String function = alternatingUsers ? "sample-db-alternating-users" : "sample-db-single-user";
		return this.emulator.client()
			.rotateSecret((request) -> request.secretId(DB_SECRET).rotationLambdaARN(lambdaArn(function)))
			.versionId();
	}

	/** Starts a rotation of the payment provider's API key. */
	String rotateApiKey() {
		return this.emulator.client()
			.rotateSecret((request) -> request.secretId(PAYMENTS_SECRET).rotationLambdaARN(lambdaArn("sample-api-key")))
			.versionId();
	}

	/** The payment provider's API key that AWSCURRENT holds now. */
	String currentApiKey() {
		String secret = this.emulator.client()
			.getSecretValue((request) -> request.secretId(PAYMENTS_SECRET))
			.secretString();
		return JsonMapper.builder().build().readTree(secret).get("api_key").asString();
	}

	/**
	 * Arguments that point the application's imports at the emulator, and its event
	 * consumer at the queue.
	 */
	List<String> applicationArguments() {
		return List.of("--aws.secrets.endpoint=" + this.emulator.endpoint(),
				"--aws.secrets.region=" + this.emulator.region(),
				"--aws.secrets.events.queue-url=" + this.eventsQueueUrl,
				"--aws.secrets.events.sqs-endpoint=" + this.sqs.endpoint());
	}

	EmbeddedSqs sqs() {
		return this.sqs;
	}

	SecretsManagerEmulator emulator() {
		return this.emulator;
	}

	EmbeddedPostgresServer postgres() {
		return this.postgres;
	}

	private String lambdaArn(String function) {
		return "arn:aws:lambda:" + this.emulator.region() + ":" + this.emulator.accountId() + ":function:" + function;
	}

	private static String randomValue() {
		byte[] bytes = new byte[16];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	@Override
	public void close() {
		this.emulator.close();
		this.sqs.close();
		this.postgres.close();
	}

}
