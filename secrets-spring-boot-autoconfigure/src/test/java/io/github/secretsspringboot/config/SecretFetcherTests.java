package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretImport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.secretsspringboot.config.SecretFetcher.FetchOutcome;
import io.github.secretsspringboot.test.emulator.FaultKind;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretFetcher}: the requests it sends for many secrets (counted by the
 * emulator) and the outcome of each secret.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class SecretFetcherTests {

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private SecretsManagerEmulator emulator;

	@BeforeEach
	void reset(SecretsManagerEmulator emulator) {
		this.emulator = emulator;
		emulator.clear();
		emulator.control().reset();
	}

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
	}

	@Test
	void currentVersionsAreFetchedTwentyToABatchRequest() {
		List<FetchKey> keys = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			String name = "app/secret-" + i;
			this.emulator.client().createSecret((secret) -> secret.name(name).secretString("value-" + name));
			keys.add(key("aws-secret:" + name));
		}
		this.emulator.control().resetCounters();
		SecretFetcher fetcher = fetcher(Duration.ofSeconds(10));
		Map<FetchKey, FetchOutcome> outcomes = fetcher.fetchAll(keys);
		assertThat(outcomes).hasSize(25);
		outcomes.forEach((key, outcome) -> {
			assertThat(outcome.failure()).isNull();
			assertThat(outcome.value().secretString()).isEqualTo("value-" + key.secretId());
		});
		assertThat(this.emulator.control().requestCount("BatchGetSecretValue")).isEqualTo(2);
		assertThat(this.emulator.control().requestCount("GetSecretValue")).isZero();
		assertThat(fetcher.requests()).isEqualTo(2);
	}

	@Test
	void aLoneSecretAndPinnedVersionsAreFetchedOneRequestEach() {
		String first = this.emulator.client()
			.createSecret((secret) -> secret.name("app/db").secretString("v1"))
			.versionId();
		this.emulator.client().putSecretValue((secret) -> secret.secretId("app/db").secretString("v2"));
		List<FetchKey> keys = List.of(key("aws-secret:app/db"), key("aws-secret:app/db?version-id=" + first),
				key("aws-secret:app/db?version-stage=AWSPREVIOUS"));
		this.emulator.control().resetCounters();
		Map<FetchKey, FetchOutcome> outcomes = fetcher(Duration.ofSeconds(10)).fetchAll(keys);
		assertThat(keys).extracting((key) -> outcomes.get(key).value().secretString())
			.containsExactly("v2", "v1", "v1");
		assertThat(this.emulator.control().requestCount("GetSecretValue")).isEqualTo(3);
		assertThat(this.emulator.control().requestCount("BatchGetSecretValue")).isZero();
	}

	@Test
	void aSecretTheBatchCannotReadFailsAloneAndTheOthersAreFetched() {
		this.emulator.client().createSecret((secret) -> secret.name("app/a").secretString("a"));
		this.emulator.client().createSecret((secret) -> secret.name("app/b").secretString("b"));
		List<FetchKey> keys = List.of(key("aws-secret:app/a"), key("aws-secret:app/missing"), key("aws-secret:app/b"));
		Map<FetchKey, FetchOutcome> outcomes = fetcher(Duration.ofSeconds(10)).fetchAll(keys);
		assertThat(outcomes.get(keys.get(0)).value().secretString()).isEqualTo("a");
		assertThat(outcomes.get(keys.get(2)).value().secretString()).isEqualTo("b");
		assertThat(outcomes.get(keys.get(1)).value()).isNull();
		assertThat(outcomes.get(keys.get(1)).failure()).isInstanceOf(SecretsManagerException.class)
			.satisfies((failure) -> assertThat(((SecretsManagerException) failure).awsErrorDetails().errorCode())
				.isEqualTo("ResourceNotFoundException"));
		assertThat(this.emulator.control().requestCount("GetSecretValue")).isZero();
	}

	@Test
	void aSecretWhoseBatchReadIsDeniedIsReadAloneAsASecretOfAnotherAccount() {
		this.emulator.client().createSecret((secret) -> secret.name("app/a").secretString("a"));
		this.emulator.client().createSecret((secret) -> secret.name("shared/b").secretString("b"));
		this.emulator.control().denyOperations("shared/b", "BatchGetSecretValue");
		List<FetchKey> keys = List.of(key("aws-secret:app/a"), key("aws-secret:shared/b"));
		this.emulator.control().resetCounters();
		Map<FetchKey, FetchOutcome> outcomes = fetcher(Duration.ofSeconds(10)).fetchAll(keys);
		assertThat(outcomes.get(keys.get(1)).value().secretString()).isEqualTo("b");
		assertThat(outcomes.get(keys.get(0)).value().secretString()).isEqualTo("a");
		assertThat(this.emulator.control().requestCount("BatchGetSecretValue")).isOne();
		assertThat(this.emulator.control().requestCount("GetSecretValue")).isOne();
	}

	@Test
	void aMissingLoneSecretIsItsOwnFailure() {
		FetchKey key = key("aws-secret:app/missing");
		FetchOutcome outcome = fetcher(Duration.ofSeconds(10)).fetchAll(List.of(key)).get(key);
		assertThat(outcome.failure()).isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void whenTheBudgetIsSpentEverySecretHasAFailure() {
		this.emulator.client().createSecret((secret) -> secret.name("app/a").secretString("a"));
		this.emulator.client().createSecret((secret) -> secret.name("app/b").secretString("b"));
		this.emulator.control().outage(FaultKind.INTERNAL_SERVICE_ERROR);
		List<FetchKey> keys = List.of(key("aws-secret:app/a"), key("aws-secret:app/b"));
		SecretFetcher fetcher = fetcher(Duration.ofSeconds(1));
		Map<FetchKey, FetchOutcome> outcomes = fetcher.fetchAll(keys);
		assertThat(outcomes.values()).allSatisfy((outcome) -> {
			assertThat(outcome.value()).isNull();
			assertThat(outcome.failure()).isNotNull();
			assertThat(Unavailability.of(outcome.failure())).isEqualTo(Unavailability.SERVER_ERROR);
		});
		assertThat(fetcher.requests()).isGreaterThanOrEqualTo(3);
	}

	private SecretFetcher fetcher(Duration budget) {
		StartupRetries retries = new StartupRetries(this.executor, Instant.now().plus(budget));
		return new SecretFetcher(this.emulator.client(), retries, Duration.ofSeconds(5),
				LogFactory.getLog(SecretFetcherTests.class));
	}

	private static FetchKey key(String location) {
		return FetchKey.of(SecretImport.parse(location, false).get(0));
	}

}
