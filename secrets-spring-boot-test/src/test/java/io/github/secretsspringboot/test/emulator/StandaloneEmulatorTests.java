package io.github.secretsspringboot.test.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link EmulatorMain} as a real child process. */
class StandaloneEmulatorTests {

	@Test
	void servesSeededSecretsAndTheControlApiUntilStopped(@TempDir Path directory) throws Exception {
		Path seed = directory.resolve("secrets.json");
		Files.writeString(seed, "{\"secrets\":[{\"name\":\"standalone/db\",\"secretString\":{\"password\":\"pw\"}}]}");
		try (EmulatorProcess process = EmulatorProcess.start("--port", "0", "--seed", seed.toString(), "--region",
				"eu-west-1", "--account=111122223333")) {
			URI endpoint = process.awaitEndpoint();
			assertThat(process.out()).anySatisfy((line) -> assertThat(line).contains("Seeded 1 secret from")
				.contains("standalone/db")
				.doesNotContain("pw"));
			assertThat(process.out()).anySatisfy((line) -> assertThat(line).startsWith("Rotation functions: ")
				.contains("arn:aws:lambda:eu-west-1:111122223333:function:emulator-rotate-password"));
			try (SecretsManagerClient client = EmulatorClients.forEndpoint(endpoint, "eu-west-1")) {
				GetSecretValueResponse value = client.getSecretValue((r) -> r.secretId("standalone/db"));
				assertThat(value.secretString()).isEqualTo("{\"password\":\"pw\"}");
				assertThat(value.arn())
					.startsWith("arn:aws:secretsmanager:eu-west-1:111122223333:secret:standalone/db-");
				client.createSecret((r) -> r.name("standalone/created").secretString("v"));
			}
			HttpResponse<String> health = EmulatorControlHttpApiTests.call(endpoint, "GET", "health", null);
			assertThat(health.statusCode()).isEqualTo(200);
			HttpResponse<String> requests = EmulatorControlHttpApiTests.call(endpoint, "GET", "requests", null);
			assertThat(requests.body()).contains("\"CreateSecret\":1").contains("\"GetSecretValue\":1");
			process.stop();
			assertThat(process.err()).noneSatisfy((line) -> assertThat(line).contains("Exception"));
		}
	}

	@Test
	void helpPrintsUsage() {
		try (EmulatorProcess process = EmulatorProcess.start("--help")) {
			assertThat(process.awaitExit()).isZero();
			assertThat(String.join("\n", process.out())).contains("--port <port>")
				.contains("--seed <file>")
				.contains("--region <region>")
				.contains("--account <id>")
				.contains("function:emulator-rotate-password");
		}
	}

	@Test
	void badCommandLineIsAUsageError() {
		try (EmulatorProcess process = EmulatorProcess.start("--port", "99999")) {
			assertThat(process.awaitExit()).isEqualTo(2);
			assertThat(process.err()).first()
				.asString()
				.isEqualTo("--port must be a number from 0 to 65535, was 99999");
			assertThat(String.join("\n", process.err())).contains("Usage:");
		}
	}

	@Test
	void rejectedSeedStopsTheProcess(@TempDir Path directory) throws IOException {
		Path seed = directory.resolve("secrets.json");
		Files.writeString(seed, "{\"secrets\":[{\"name\":\"bad name\",\"secretString\":\"hidden-value\"}]}");
		try (EmulatorProcess process = EmulatorProcess.start("--port", "0", "--seed", seed.toString())) {
			assertThat(process.awaitExit()).isEqualTo(1);
			String err = String.join("\n", process.err());
			assertThat(err).contains("Could not seed from").contains("bad name").doesNotContain("hidden-value");
			assertThat(process.out()).noneSatisfy((line) -> assertThat(line).contains("listening"));
		}
	}

}
