package io.github.secretsspringboot.shapes;

import java.time.Duration;
import java.util.List;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
import io.github.secretsspringboot.refresh.SecretRefreshState;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One secret imported several times, as applications grow to: by name, by full ARN, by
 * partial ARN, and once more for another staging label. It is one tracked secret, checked
 * with one DescribeSecret, and each import keeps its own backoff: when the staging label
 * of one import is removed, that import backs off while the others are checked every
 * interval and take a rotation.
 */
class TrackingImportedTwiceTests {

	static final Duration WAIT = Duration.ofSeconds(60);

	static final Duration INTERVAL = Duration.ofMillis(400);

	static SecretsManagerEmulator emulator;

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@Test
	void importsOfOneSecretShareOneCheckAndBackOffOneByOne() {
		String arn = emulator.client()
			.createSecret((secret) -> secret.name("prod/app/shared").secretString("{\"password\":\"p-1\"}"))
			.arn();
		String firstVersion = emulator.client()
			.describeSecret((secret) -> secret.secretId(arn))
			.versionIdsToStages()
			.keySet()
			.iterator()
			.next();
		emulator.client()
			.updateSecretVersionStage(
					(stage) -> stage.secretId(arn).versionStage("BLUE").moveToVersionId(firstVersion));
		String partialArn = arn.substring(0, arn.length() - 7);
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).file("application.yml", """
				spring.config.import:
				  - aws-secret:prod/app/shared?prefix=by-name
				  - aws-secret:%s?prefix=by-arn
				  - aws-secret:%s?prefix=by-partial-arn
				  - aws-secret:prod/app/shared?version-stage=BLUE&prefix=blue
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				aws.secrets:
				  endpoint: %s
				  region: %s
				  refresh:
				    interval: %dms
				    jitter: 0
				    max-backoff: 1h
				""".formatted(arn, partialArn, emulator.endpoint(), emulator.region(), INTERVAL.toMillis())).run()) {
			SecretRefreshRegistry registry = context.getBean(SecretRefreshRegistry.class);
			assertOneDescribeSecretPerCycle(registry);

			emulator.client()
				.updateSecretVersionStage(
						(stage) -> stage.secretId(arn).versionStage("BLUE").removeFromVersionId(firstVersion));
			await().atMost(WAIT).until(() -> state(registry, "blue").consecutiveFailures() >= 3);
			SecretRefreshState blue = state(registry, "blue");
			assertThat(blue.lastError()).isEqualTo(SecretErrorKind.STAGE_NOT_FOUND);
			// Backed off: three failures in a row wait four intervals.
			assertThat(blue.nextCheck()).isAfterOrEqualTo(blue.lastFailure().plus(INTERVAL.multipliedBy(4)));
			for (String prefix : List.of("by-name", "by-arn", "by-partial-arn")) {
				SecretRefreshState current = state(registry, prefix);
				assertThat(current.consecutiveFailures()).as(prefix).isZero();
				assertThat(current.nextCheck()).as(prefix)
					.isBeforeOrEqualTo(current.lastSuccessfulCheck().plus(INTERVAL));
			}

			emulator.client().putSecretValue((value) -> value.secretId(arn).secretString("{\"password\":\"p-2\"}"));
			await().atMost(WAIT).untilAsserted(() -> {
				assertThat(context.getEnvironment().getProperty("by-name.password")).isEqualTo("p-2");
				assertThat(context.getEnvironment().getProperty("by-arn.password")).isEqualTo("p-2");
				assertThat(context.getEnvironment().getProperty("by-partial-arn.password")).isEqualTo("p-2");
			});
			// The import of the removed label keeps its last good values.
			assertThat(context.getEnvironment().getProperty("blue.password")).isEqualTo("p-1");
		}
	}

	/** The four imports are one secret: each cycle describes it once. */
	private static void assertOneDescribeSecretPerCycle(SecretRefreshRegistry registry) {
		await().atMost(WAIT).until(() -> registry.getCycles() >= 1);
		long cyclesBefore = registry.getCycles();
		long describesBefore = emulator.control().requestCount("DescribeSecret");
		await().atMost(WAIT).until(() -> registry.getCycles() >= cyclesBefore + 5);
		long describes = emulator.control().requestCount("DescribeSecret") - describesBefore;
		long cycles = registry.getCycles() - cyclesBefore;
		// One cycle may be in flight at either reading.
		assertThat(describes).isBetween(cycles - 1, cycles + 1);
	}

	private static SecretRefreshState state(SecretRefreshRegistry registry, String prefix) {
		return registry.getStates()
			.stream()
			.filter((state) -> state.secretImport().describe().contains("prefix=" + prefix))
			.findFirst()
			.orElseThrow();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
