package io.github.secretsspringboot.refresh;

import java.time.Duration;
import java.util.List;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretPropertySource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What is tracked: imports of one secret under different ids are one secret, each with
 * its own backoff, and optional imports that could not be loaded are tracked until they
 * load.
 */
@ExtendWith(OutputCaptureExtension.class)
class TrackingRefreshTests extends RefreshTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Test
	void importsByNameFullAndPartialArnAreOneTrackedSecret() {
		createSecret("prod/app/one", "{\"a\":\"1\"}");
		String arn = arnOf("prod/app/one");
		String partialArn = arn.substring(0, arn.length() - 7);
		try (ConfigurableApplicationContext context = run(
				"aws-secret:prod/app/one?prefix=n;" + arn + "?prefix=f;" + partialArn + "?prefix=p")) {
			assertThat(registry(context).secrets()).hasSize(1);
			assertThat(registry(context).getStates()).hasSize(3);
			assertThat(registry(context).getStates(partialArn)).hasSize(3);
			putValue("prod/app/one", "{\"a\":\"2\"}");
			await().atMost(WAIT).untilAsserted(() -> {
				assertThat(context.getEnvironment().getProperty("n.a")).isEqualTo("2");
				assertThat(context.getEnvironment().getProperty("f.a")).isEqualTo("2");
				assertThat(context.getEnvironment().getProperty("p.a")).isEqualTo("2");
			});
			// One GetSecretValue for the new version, shared by the three imports.
			assertThat(requests("GetSecretValue")).isOne();
		}
	}

	@Test
	void failingImportBacksOffAloneAndTheOthersKeepTheirPace() {
		String first = createSecret("prod/app/stage", "{\"a\":\"1\"}");
		secrets().updateSecretVersionStage(
				(stage) -> stage.secretId("prod/app/stage").versionStage("BLUE").moveToVersionId(first));
		try (ConfigurableApplicationContext context = run(
				"aws-secret:prod/app/stage?prefix=c;" + "prod/app/stage?version-stage=BLUE&prefix=b",
				"aws.secrets.refresh.max-backoff=1h")) {
			secrets().updateSecretVersionStage(
					(stage) -> stage.secretId("prod/app/stage").versionStage("BLUE").removeFromVersionId(first));
			await().atMost(WAIT).until(() -> byPrefix(context, "b").consecutiveFailures() >= 3);
			SecretRefreshState blue = byPrefix(context, "b");
			SecretRefreshState current = byPrefix(context, "c");
			assertThat(blue.lastError()).isEqualTo(SecretErrorKind.STAGE_NOT_FOUND);
			assertThat(blue.nextCheck()).isAfterOrEqualTo(blue.lastFailure().plus(INTERVAL.multipliedBy(4)));
			assertThat(current.consecutiveFailures()).isZero();
			assertThat(current.nextCheck()).isBeforeOrEqualTo(current.lastSuccessfulCheck().plus(INTERVAL));
		}
	}

	@Test
	void optionalSecretCreatedLaterFillsItsPlaceholder(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("optional:aws-secret:prod/app/later?prefix=later",
				"later.flag=fallback")) {
			SecretPropertySource placeholder = secretSource(context);
			assertThat(placeholder.isLoaded()).isFalse();
			assertThat(placeholder.getPropertyNames()).isEmpty();
			assertThat(registry(context).getStates("prod/app/later")).hasSize(1);
			createSecret("prod/app/later", "{\"flag\":\"on\",\"token\":\"" + CANARY + "\"}");
			await().atMost(WAIT).until(() -> !events(context).isEmpty());
			List<SecretChange> changes = events(context).get(0).getChanges();
			assertThat(changes).singleElement().satisfies((change) -> {
				assertThat(change.previousVersionId()).isNull();
				assertThat(change.propertyNames()).containsExactly("later.flag", "later.token");
			});
			assertThat(secretSource(context)).isSameAs(placeholder);
			// Command-line properties come first; a name only the secret has resolves
			// from it.
			assertThat(context.getEnvironment().getProperty("later.token")).isNotNull();
			assertThat(state(context, "prod/app/later").versionId()).isNotNull();
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	private static SecretRefreshState byPrefix(ConfigurableApplicationContext context, String prefix) {
		return registry(context).getStates()
			.stream()
			.filter((state) -> state.secretImport().describe().contains("prefix=" + prefix))
			.findFirst()
			.orElseThrow();
	}

	private static SecretPropertySource secretSource(ConfigurableApplicationContext context) {
		for (PropertySource<?> source : context.getEnvironment().getPropertySources()) {
			if (source instanceof SecretPropertySource secretSource) {
				return secretSource;
			}
		}
		throw new IllegalStateException("No SecretPropertySource");
	}

}
