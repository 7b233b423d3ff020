package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretImport;
import java.time.Duration;
import java.util.List;

import io.github.secretsspringboot.client.AwsSecretsProperties;
import io.github.secretsspringboot.client.BootstrapSecretsManagerClient;
import io.github.secretsspringboot.config.SecretFetcher.FetchOutcome;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretLoadBatch}: the imports of one config-data phase are fetched
 * together on the first load, once, and the phase is summed up in one log line.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
@ExtendWith(OutputCaptureExtension.class)
class SecretLoadBatchTests {

	private SecretsManagerEmulator emulator;

	@BeforeEach
	void reset(SecretsManagerEmulator emulator) {
		this.emulator = emulator;
		emulator.clear();
		emulator.control().reset();
		for (String name : List.of("app/a", "app/b", "app/c")) {
			emulator.client().createSecret((secret) -> secret.name(name).secretString("{\"key\": \"" + name + "\"}"));
		}
		emulator.control().resetCounters();
	}

	@Test
	void theFirstLoadFetchesEveryPendingImportInOneRequest() {
		SecretLoadBatch batch = batch();
		List<AwsSecretConfigDataResource> resources = resources("app/a", "app/b", "app/c");
		batch.add(resources);
		FetchOutcome first = batch.outcome(resources.get(0));
		assertThat(first.value().secretString()).isEqualTo("{\"key\": \"app/a\"}");
		assertThat(this.emulator.control().totalRequests()).isOne();
		assertThat(batch.outcome(resources.get(1)).value().name()).isEqualTo("app/b");
		assertThat(batch.outcome(resources.get(2)).value().name()).isEqualTo("app/c");
		assertThat(this.emulator.control().requestCount("BatchGetSecretValue")).isOne();
		assertThat(this.emulator.control().totalRequests()).isOne();
		assertThat(batch.report().getRequests()).isOne();
		assertThat(batch.report().getDuration()).isPositive();
	}

	@Test
	void anImportResolvedInALaterPhaseIsFetchedThen() {
		SecretLoadBatch batch = batch();
		List<AwsSecretConfigDataResource> resources = resources("app/a", "app/b");
		batch.add(resources.subList(0, 1));
		batch.outcome(resources.get(0));
		assertThat(batch.outcome(resources.get(1)).value().name()).isEqualTo("app/b");
		assertThat(this.emulator.control().requestCount("GetSecretValue")).isEqualTo(2);
		assertThat(batch.report().getRequests()).isEqualTo(2);
	}

	@Test
	void importsOfTheSameVersionShareOneFetch() {
		SecretLoadBatch batch = batch();
		List<AwsSecretConfigDataResource> resources = List.of(resource("aws-secret:app/a?key=key"),
				resource("aws-secret:app/a?prefix=other"));
		batch.add(resources);
		assertThat(batch.outcome(resources.get(0)).value()).isEqualTo(batch.outcome(resources.get(1)).value());
		assertThat(this.emulator.control().totalRequests()).isOne();
	}

	@Test
	void aMissingImportIsToldOfOnce() {
		SecretLoadBatch batch = batch();
		AwsSecretConfigDataResource resource = resource("aws-secret:app/missing");
		assertThat(batch.firstMiss(resource)).isTrue();
		assertThat(batch.firstMiss(resource(resource.getSecretImport().describe()))).isFalse();
	}

	@Test
	void onceEveryImportOfTheRoundIsLoadedOneLineSumsItUp(CapturedOutput output) {
		SecretLoadBatch batch = batch();
		List<AwsSecretConfigDataResource> resources = resources("app/a", "app/b", "app/c");
		batch.add(resources);
		batch.outcome(resources.get(0));
		batch.loaded(resources.get(0), 1);
		batch.loaded(resources.get(1), 2);
		assertThat(output).doesNotContain("Loaded ");
		batch.loaded(resources.get(2), 0);
		assertThat(output)
			.containsOnlyOnce("Loaded 2 secrets (3 properties) from AWS Secrets Manager in 1 request and ");
		batch.loaded(resources.get(2), 0);
		assertThat(output).containsOnlyOnce("Loaded 2 secrets");
	}

	private SecretLoadBatch batch() {
		AwsSecretsProperties properties = new AwsSecretsProperties();
		properties.setStartupTimeout(Duration.ofSeconds(10));
		DefaultBootstrapContext bootstrapContext = new DefaultBootstrapContext();
		bootstrapContext.register(SecretsManagerClient.class, InstanceSupplier.of(this.emulator.client()));
		return new SecretLoadBatch(new BootstrapSecretsManagerClient(bootstrapContext, properties),
				new SecretLoadReport(), LogFactory.getLog(SecretLoadBatchTests.class));
	}

	private static List<AwsSecretConfigDataResource> resources(String... names) {
		return java.util.Arrays.stream(names).map((name) -> resource("aws-secret:" + name)).toList();
	}

	private static AwsSecretConfigDataResource resource(String location) {
		return new AwsSecretConfigDataResource(SecretImport.parse(location, false).get(0), true);
	}

}
