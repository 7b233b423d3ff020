package io.github.secretsspringboot.config;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** All imports of a start are fetched together, in as few requests as the API allows. */
class BatchLoadingTests extends SecretImportTestSupport {

	@ParameterizedTest
	@ValueSource(ints = { 2, 20, 21, 45 })
	void secretsAtAwsCurrentLoadInOneBatchRequestPerTwenty(int count) {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String name = "batch/secret-" + i;
			createSecret(name, "{\"key-" + i + "\": \"value-" + i + "\"}");
			names.add(name);
		}
		emulator.control().resetCounters();
		try (ConfigurableApplicationContext context = run("aws-secret:" + String.join(";", names))) {
			for (int i = 0; i < count; i++) {
				assertThat(context.getEnvironment().getProperty("key-" + i)).isEqualTo("value-" + i);
			}
		}
		// A lone secret left over is read with GetSecretValue, which needs one permission
		// less.
		assertThat(emulator.control().totalRequests()).isEqualTo((count + 19) / 20);
		assertThat(emulator.control().requestCount("BatchGetSecretValue"))
			.isEqualTo(count / 20 + ((count % 20 > 1) ? 1 : 0));
	}

	@Test
	void importsOnSeveralLinesAreFetchedTogether() {
		createSecret("batch/a", "{\"a\": \"1\"}");
		createSecret("batch/b", "{\"b\": \"2\"}");
		createSecret("batch/c", "{\"c\": \"3\"}");
		emulator.control().resetCounters();
		try (ConfigurableApplicationContext context = run("aws-secret:batch/a,aws-secret:batch/b,aws-secret:batch/c")) {
			assertThat(context.getEnvironment().getProperty("c")).isEqualTo("3");
		}
		assertThat(emulator.control().requestCounts()).containsOnlyKeys("BatchGetSecretValue")
			.containsEntry("BatchGetSecretValue", 1L);
	}

	@Test
	void pinnedVersionsUseGetSecretValueBesideTheBatch() {
		createSecret("batch/a", "{\"a\": \"1\"}");
		createSecret("batch/b", "{\"b\": \"2\"}");
		createSecret("batch/pinned", "{\"p\": \"old\"}");
		secrets().putSecretValue((request) -> request.secretId("batch/pinned").secretString("{\"p\": \"new\"}"));
		emulator.control().resetCounters();
		try (ConfigurableApplicationContext context = run(
				"aws-secret:batch/a;batch/b;batch/pinned?version-stage=AWSPREVIOUS")) {
			assertThat(context.getEnvironment().getProperty("p")).isEqualTo("old");
			assertThat(context.getEnvironment().getProperty("b")).isEqualTo("2");
		}
		assertThat(emulator.control().requestCounts()).containsEntry("BatchGetSecretValue", 1L)
			.containsEntry("GetSecretValue", 1L);
	}

	@Test
	void aSecretTheBatchMayNotReadIsReadAloneAsASharedSecretMustBe() {
		createSecret("batch/a", "{\"a\": \"1\"}");
		createSecret("batch/b", "{\"b\": \"2\"}");
		createSecret("batch/shared", "{\"s\": \"3\"}");
		// As for a secret of another account: its resource policy cannot open
		// BatchGetSecretValue.
		emulator.control().denyOperations("batch/shared", "BatchGetSecretValue");
		emulator.control().resetCounters();
		try (ConfigurableApplicationContext context = run("aws-secret:batch/a;batch/b;batch/shared")) {
			assertThat(context.getEnvironment().getProperty("a")).isEqualTo("1");
			assertThat(context.getEnvironment().getProperty("s")).isEqualTo("3");
		}
		assertThat(emulator.control().requestCounts()).containsEntry("BatchGetSecretValue", 1L)
			.containsEntry("GetSecretValue", 1L);
	}

	@Test
	void sameSecretImportedTwiceIsFetchedOnce() {
		createSecret("batch/db", "{\"username\": \"u\", \"password\": \"p\"}");
		emulator.control().resetCounters();
		try (ConfigurableApplicationContext context = run(
				"aws-secret:batch/db?key=username&as=db.user;batch/db?key=password&as=db.pass")) {
			assertThat(context.getEnvironment().getProperty("db.user")).isEqualTo("u");
			assertThat(context.getEnvironment().getProperty("db.pass")).isEqualTo("p");
		}
		assertThat(emulator.control().totalRequests()).isEqualTo(1);
	}

	@Test
	void aFailingSecretInABatchFailsAloneAndOptionalOnesAreSkipped() {
		createSecret("batch/a", "{\"a\": \"1\"}");
		createSecret("batch/denied", "{\"d\": \"x\"}");
		emulator.control().denyAccess("batch/denied");
		try (ConfigurableApplicationContext context = run(
				"aws-secret:batch/a;optional:batch/denied;optional:batch/missing")) {
			assertThat(context.getEnvironment().getProperty("a")).isEqualTo("1");
			assertThat(context.getEnvironment().containsProperty("d")).isFalse();
		}
	}

	@Test
	void batchMixingNamesAndArnsMatchesEachAnswerToItsImport() {
		String arnA = createSecret("batch/a", "{\"a\": \"1\"}");
		String arnB = createSecret("batch/b", "{\"b\": \"2\"}");
		String partialArnB = arnB.substring(0, arnB.length() - 7);
		try (ConfigurableApplicationContext context = run(
				"aws-secret:" + arnA + "?prefix=x;" + partialArnB + "?prefix=y;batch/a?prefix=z")) {
			assertThat(context.getEnvironment().getProperty("x.a")).isEqualTo("1");
			assertThat(context.getEnvironment().getProperty("y.b")).isEqualTo("2");
			assertThat(context.getEnvironment().getProperty("z.a")).isEqualTo("1");
		}
	}

}
