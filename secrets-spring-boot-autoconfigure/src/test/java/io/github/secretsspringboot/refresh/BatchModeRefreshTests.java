package io.github.secretsspringboot.refresh;

import java.time.Duration;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Batch mode: BatchGetSecretValue for up to 20 secrets per request, values included. */
class BatchModeRefreshTests extends RefreshTestSupport {

	private static final String BATCH = "aws.secrets.refresh.mode=batch";

	@Test
	void eachCycleSendsOneRequestPerTwentySecrets() {
		StringJoiner imports = new StringJoiner(";", "aws-secret:", "");
		for (int i = 1; i <= 25; i++) {
			String name = "prod/app/s%02d".formatted(i);
			createSecret(name, "{\"s%02d\": \"1\"}".formatted(i));
			imports.add(name);
		}
		ConfigurableApplicationContext context = run(imports.toString(), BATCH);
		SecretRefreshRegistry registry = registry(context);
		emulator.control().resetCounters();
		long start = registry.getCycles();
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> registry.getCycles() >= start + 3);
		}
		finally {
			context.close();
		}
		long cycles = registry.getCycles() - start;
		// One cycle may have sent its requests before the counters were reset, another
		// may
		// have sent them without completing before the context closed.
		assertThat(requests("BatchGetSecretValue")).isBetween(2 * (cycles - 1), 2 * (cycles + 1));
		assertThat(requests("DescribeSecret")).isZero();
		assertThat(requests("GetSecretValue")).isZero();
		assertThat(registry.getStates()).allSatisfy((state) -> assertThat(state.failures()).isZero());
	}

	@Test
	void newVersionIsAppliedFromTheBatchAnswer() {
		createSecret("prod/app/a", "{\"a\": \"1\"}");
		createSecret("prod/app/b", "{\"b\": \"1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/a;prod/app/b", BATCH)) {
			emulator.control().resetCounters();
			String version = putValue("prod/app/b", "{\"b\": \"2\"}");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(context.getEnvironment().getProperty("b")).isEqualTo("2"));
			assertThat(state(context, "prod/app/b").versionId()).isEqualTo(version);
			// The event follows once the whole cycle is done.
			await().atMost(Duration.ofSeconds(5)).until(() -> !events(context).isEmpty());
			assertThat(events(context)).singleElement()
				.satisfies((event) -> assertThat(event.getChangedPropertyNames()).containsExactly("b"));
			assertThat(requests("GetSecretValue")).isZero();
			assertThat(requests("DescribeSecret")).isZero();
		}
	}

	@Test
	void aSecretTheBatchMayNotReadIsDescribedAloneFromThenOn() {
		createSecret("prod/app/a", "{\"a\": \"1\"}");
		createSecret("prod/app/shared", "{\"s\": \"1\"}");
		// As for a secret of another account: its resource policy cannot open
		// BatchGetSecretValue.
		emulator.control().denyOperations("prod/app/shared", "BatchGetSecretValue");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/a;prod/app/shared", BATCH)) {
			putValue("prod/app/shared", "{\"s\": \"2\"}");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(context.getEnvironment().getProperty("s")).isEqualTo("2"));
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(state(context, "prod/app/shared").isFailing()).isFalse());
			emulator.control().resetCounters();
			putValue("prod/app/a", "{\"a\": \"2\"}");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(context.getEnvironment().getProperty("a")).isEqualTo("2"));
			// The other secret still comes from the batch; the shared one is described
			// alone.
			assertThat(requests("DescribeSecret")).isPositive();
			assertThat(state(context, "prod/app/shared").isFailing()).isFalse();
		}
	}

	@Test
	void importOfAnotherStageIsDescribedInstead() {
		createSecret("prod/app/a", "{\"a\": \"1\"}");
		createSecret("prod/app/db", "{\"password\": \"current\"}");
		secrets().putSecretValue((request) -> request.secretId("prod/app/db")
			.secretString("{\"password\": \"blue-1\"}")
			.versionStages("BLUE"));
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/a;prod/app/db?version-stage=BLUE",
				BATCH)) {
			emulator.control().resetCounters();
			secrets().putSecretValue((request) -> request.secretId("prod/app/db")
				.secretString("{\"password\": \"blue-2\"}")
				.versionStages("BLUE"));
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(context.getEnvironment().getProperty("password")).isEqualTo("blue-2"));
			assertThat(requests("DescribeSecret")).isPositive();
			assertThat(requests("BatchGetSecretValue")).isPositive();
			assertThat(state(context, "prod/app/a").failures()).isZero();
		}
	}

}
