package io.github.secretsspringboot.test.emulator;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The AWS CLI against the standalone emulator, as a developer would use it. Skipped where
 * no {@code aws} is on the PATH.
 */
class AwsCliTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	static Path directory;

	private static EmulatorProcess process;

	private static URI endpoint;

	@BeforeAll
	static void start() {
		assumeTrue(awsOnPath(), "No aws executable on the PATH");
		process = EmulatorProcess.start("--port", "0");
		endpoint = process.awaitEndpoint();
	}

	@AfterAll
	static void stop() {
		if (process != null) {
			process.close();
		}
	}

	@Test
	void createsReadsListsAndBatchReadsASecret() throws Exception {
		JsonNode created = aws("create-secret", "--name", "cli/db", "--secret-string", "first", "--description",
				"CLI database");
		assertThat(created.get("ARN").asString())
			.startsWith("arn:aws:secretsmanager:us-east-1:123456789012:secret:cli/db-");
		JsonNode value = aws("get-secret-value", "--secret-id", "cli/db");
		assertThat(value.get("SecretString").asString()).isEqualTo("first");
		assertThat(value.get("VersionId").asString()).isEqualTo(created.get("VersionId").asString());
		JsonNode listed = aws("list-secrets", "--filters", "Key=name,Values=cli/db");
		assertThat(listed.get("SecretList").get(0).get("Description").asString()).isEqualTo("CLI database");
		JsonNode batch = aws("batch-get-secret-value", "--secret-id-list", "cli/db", "cli/missing");
		assertThat(batch.get("SecretValues").get(0).get("SecretString").asString()).isEqualTo("first");
		assertThat(batch.get("Errors").get(0).get("ErrorCode").asString()).isEqualTo("ResourceNotFoundException");
	}

	@Test
	void putsASecondVersionAndRotatesWithABuiltInFunction() throws Exception {
		String first = aws("create-secret", "--name", "cli/rotated", "--secret-string",
				"{\"username\":\"app\",\"password\":\"first\"}")
			.get("VersionId")
			.asString();
		assertThat(password(aws("get-secret-value", "--secret-id", "cli/rotated"))).isEqualTo("first");
		String second = aws("put-secret-value", "--secret-id", "cli/rotated", "--secret-string",
				"{\"username\":\"app\",\"password\":\"second\"}")
			.get("VersionId")
			.asString();
		assertThat(password(aws("get-secret-value", "--secret-id", "cli/rotated"))).isEqualTo("second");
		JsonNode previous = aws("get-secret-value", "--secret-id", "cli/rotated", "--version-stage", "AWSPREVIOUS");
		assertThat(password(previous)).isEqualTo("first");
		String rotated = aws("rotate-secret", "--secret-id", "cli/rotated", "--rotation-lambda-arn",
				"arn:aws:lambda:us-east-1:123456789012:function:emulator-rotate-password", "--rotation-rules",
				"AutomaticallyAfterDays=30")
			.get("VersionId")
			.asString();
		// Rotation runs in the background, as AWS invokes the Lambda after RotateSecret
		// answers.
		JsonNode described = await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> aws("describe-secret", "--secret-id", "cli/rotated"), (node) -> node.has("LastRotatedDate"));
		assertThat(described.get("RotationEnabled").asBoolean()).isTrue();
		assertThat(described.get("RotationRules").get("AutomaticallyAfterDays").asLong()).isEqualTo(30);
		JsonNode stages = described.get("VersionIdsToStages");
		assertThat(stages.has(first)).isFalse();
		assertThat(stages.get(second).valueStream().map(JsonNode::asString)).containsExactly("AWSPREVIOUS");
		assertThat(stages.get(rotated).valueStream().map(JsonNode::asString)).contains("AWSCURRENT");
		JsonNode current = aws("get-secret-value", "--secret-id", "cli/rotated");
		assertThat(current.get("VersionId").asString()).isEqualTo(rotated);
		assertThat(password(current)).isNotEqualTo("second").isNotEqualTo("first");
		assertThat(json.readTree(current.get("SecretString").asString()).get("username").asString()).isEqualTo("app");
	}

	private static String password(JsonNode value) {
		return json.readTree(value.get("SecretString").asString()).get("password").asString();
	}

	/**
	 * Runs {@code aws secretsmanager <arguments>} against the emulator and returns its
	 * JSON output.
	 */
	private static JsonNode aws(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of("aws", "--endpoint-url", endpoint.toString(), "--output", "json", "secretsmanager"));
		command.addAll(List.of(arguments));
		Path out = Files.createTempFile(directory, "aws", ".out");
		Path err = Files.createTempFile(directory, "aws", ".err");
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
		Map<String, String> environment = builder.environment();
		environment.keySet().removeIf((name) -> name.startsWith("AWS_"));
		environment.put("AWS_ACCESS_KEY_ID", "test");
		environment.put("AWS_SECRET_ACCESS_KEY", "test");
		environment.put("AWS_DEFAULT_REGION", "us-east-1");
		// Keep the developer's own profiles and settings out of the test.
		environment.put("AWS_CONFIG_FILE", directory.resolve("no-config").toString());
		environment.put("AWS_SHARED_CREDENTIALS_FILE", directory.resolve("no-credentials").toString());
		Process cli = builder.start();
		if (!cli.waitFor(120, TimeUnit.SECONDS)) {
			cli.destroyForcibly();
			throw new AssertionError("aws " + String.join(" ", arguments) + " did not finish");
		}
		assertThat(cli.exitValue()).as("aws %s: %s", String.join(" ", arguments), Files.readString(err)).isZero();
		return json.readTree(Files.readString(out));
	}

	private static boolean awsOnPath() {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String entry : path.split(File.pathSeparator)) {
			if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "aws"))) {
				return true;
			}
		}
		return false;
	}

}
