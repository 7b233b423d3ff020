package io.github.secretsspringboot.refresh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.secretsspringboot.refresh.SecretsRefreshProperties.Mode;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretChecker}: the requests a cycle sends in each mode, counted by
 * the emulator, and that every check completes with an outcome.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class SecretCheckerTests {

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private SecretsManagerEmulator emulator;

	private RefreshFixtures fixtures;

	@BeforeEach
	void create(SecretsManagerEmulator emulator) {
		this.emulator = emulator;
		emulator.clear();
		emulator.control().reset();
		this.fixtures = new RefreshFixtures(emulator.client());
	}

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
	}

	@Test
	void describeModeDescribesEachSecret() {
		List<TrackedSecret> secrets = secrets(3);
		Map<TrackedSecret, SecretOutcome> outcomes = check(checker(Mode.DESCRIBE), secrets);
		assertThat(outcomes).hasSize(3).allSatisfy((secret, outcome) -> assertThat(outcome.firstFailure()).isNull());
		assertThat(this.emulator.control().requestCounts()).containsOnlyKeys("DescribeSecret")
			.containsEntry("DescribeSecret", 3L);
	}

	@Test
	void batchModeChecksTwentySecretsARequestAndDescribesImportsOfOtherStages() {
		List<TrackedSecret> secrets = new ArrayList<>(secrets(22));
		this.emulator.client()
			.putSecretValue((request) -> request.secretId("app/secret-0").secretString("{\"key\": \"2\"}"));
		secrets.add(this.fixtures.track("aws-secret:app/secret-0?version-stage=AWSPREVIOUS&prefix=previous"));
		this.emulator.control().resetCounters();
		Map<TrackedSecret, SecretOutcome> outcomes = check(checker(Mode.BATCH), secrets);
		assertThat(outcomes).hasSize(23).allSatisfy((secret, outcome) -> assertThat(outcome.firstFailure()).isNull());
		assertThat(outcomes.get(secrets.get(0)).changes()).hasSize(1);
		assertThat(this.emulator.control().requestCount("BatchGetSecretValue")).isEqualTo(2);
		assertThat(this.emulator.control().requestCount("DescribeSecret")).isOne();
		assertThat(this.emulator.control().requestCount("GetSecretValue")).isZero();
	}

	@Test
	void aSecretTheBatchMayNotReadIsDescribedAloneFromThenOn() {
		List<TrackedSecret> secrets = secrets(3);
		this.emulator.control().denyOperations("app/secret-1", "BatchGetSecretValue");
		SecretChecker checker = checker(Mode.BATCH);
		Map<TrackedSecret, SecretOutcome> outcomes = check(checker, secrets);
		assertThat(outcomes).allSatisfy((secret, outcome) -> assertThat(outcome.firstFailure()).isNull());
		assertThat(this.emulator.control().requestCount("BatchGetSecretValue")).isOne();
		assertThat(this.emulator.control().requestCount("DescribeSecret")).isOne();
		// Allowed again, it would come back in the batch if it were still batched.
		this.emulator.control().allowAccess("app/secret-1").resetCounters();
		check(checker, secrets);
		assertThat(this.emulator.control().requestCount("BatchGetSecretValue")).isOne();
		assertThat(this.emulator.control().requestCount("DescribeSecret")).isOne();
	}

	@Test
	void aCheckThatCannotStartCompletesWithAFailure() {
		List<TrackedSecret> secrets = secrets(2);
		Map<TrackedSecret, CompletableFuture<SecretOutcome>> checks = checker(Mode.DESCRIBE).check(secrets, (task) -> {
			throw new RejectedExecutionException("stopping");
		});
		assertThat(checks.values()).allSatisfy((check) -> {
			assertThat(check).isCompleted();
			assertThat(check.join().firstFailure().detail()).startsWith("the check failed: ")
				.contains("RejectedExecutionException");
		});
	}

	private List<TrackedSecret> secrets(int count) {
		List<TrackedSecret> secrets = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String name = "app/secret-" + i;
			this.emulator.client().createSecret((secret) -> secret.name(name).secretString("{\"key\": \"1\"}"));
			secrets.add(this.fixtures.track("aws-secret:" + name));
		}
		this.emulator.control().resetCounters();
		return secrets;
	}

	private SecretChecker checker(Mode mode) {
		return new SecretChecker(mode, this.fixtures.describeCheck(ChangePipeline.none()),
				this.fixtures.batchCheck(ChangePipeline.none()), this.fixtures.currentCheck(ChangePipeline.none()),
				RefreshFixtures.CLOCK);
	}

	private Map<TrackedSecret, SecretOutcome> check(SecretChecker checker, List<TrackedSecret> secrets) {
		Map<TrackedSecret, CompletableFuture<SecretOutcome>> checks = checker.check(secrets, this.executor);
		Map<TrackedSecret, SecretOutcome> outcomes = new java.util.LinkedHashMap<>();
		checks.forEach((secret, check) -> {
			try {
				outcomes.put(secret, check.get(30, TimeUnit.SECONDS));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		return outcomes;
	}

}
