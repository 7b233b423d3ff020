package io.github.secretsspringboot.refresh;

import java.time.Duration;

import io.github.secretsspringboot.test.emulator.RotationOutcome;
import io.github.secretsspringboot.test.rotation.JsonKeyRotationFunction;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While a rotation is under way (AWSPENDING on a version that is not AWSCURRENT), a
 * secret is checked four times as often, so that the rotation's new version is in force
 * well within one interval of its end.
 */
class RotationAwareRefreshTests extends RefreshTestSupport {

	private static final String LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:rotate-api-key";

	@Test
	void secretUnderRotationIsCheckedMoreOftenAndItsNewVersionFoundWithinAnInterval() {
		emulator.registerRotationFunction(LAMBDA,
				new JsonKeyRotationFunction("api_key").withPauseBeforeFinish(Duration.ofSeconds(6)));
		createSecret("prod/app/api", "{\"api_key\": \"one\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/api?prefix=api",
				"aws.secrets.refresh.interval=4s")) {
			String token = secrets()
				.rotateSecret((request) -> request.secretId("prod/app/api").rotationLambdaARN(LAMBDA))
				.versionId();
			// The first check that sees AWSPENDING comes within one interval; from then
			// on
			// the secret is checked every second.
			await().atMost(Duration.ofSeconds(6)).until(() -> {
				SecretDescription description = state(context, "prod/app/api").description();
				return description != null && description.pendingVersionId() != null;
			});
			long seen = state(context, "prod/app/api").checks();
			await().atMost(Duration.ofSeconds(3)).until(() -> state(context, "prod/app/api").checks() >= seen + 2);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> emulator.rotation(token).map(RotationOutcome::status).orElse(null),
						(status) -> status == RotationOutcome.Status.SUCCEEDED);
			long finishedAt = System.nanoTime();
			await().atMost(Duration.ofSeconds(4))
				.until(() -> !"one".equals(context.getEnvironment().getProperty("api.api_key")));
			assertThat(Duration.ofNanos(System.nanoTime() - finishedAt)).isLessThan(Duration.ofSeconds(4));
		}
	}

}
