package io.github.secretsspringboot.test.emulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@EmbeddedSecretsManager(builtInRotationFunctions = false)
class SeedTests {

	private SecretsManagerEmulator emulator;

	@BeforeEach
	void useEmulator(SecretsManagerEmulator started) {
		this.emulator = started;
	}

	@Test
	void seedCreatesStringJsonAndBinarySecretsWithMetadata() {
		assertThat(seed("""
				{"secrets": [
				  {"name": "prod/app/db", "secretString": "{\\"password\\":\\"p\\"}", "description": "Database",
				   "tags": {"team": "payments", "env": "prod"}},
				  {"name": "prod/app/config", "secretString": {"url": "jdbc:postgresql://db/app", "pool": 5}},
				  {"name": "prod/app/keystore", "secretBinaryBase64": "AAEC"}
				]}
				""")).containsExactly("prod/app/db", "prod/app/config", "prod/app/keystore");
		GetSecretValueResponse db = this.emulator.client().getSecretValue((r) -> r.secretId("prod/app/db"));
		assertThat(db.secretString()).isEqualTo("{\"password\":\"p\"}");
		assertThat(db.versionStages()).containsExactly("AWSCURRENT");
		assertThat(this.emulator.client().getSecretValue((r) -> r.secretId("prod/app/config")).secretString())
			.isEqualTo("{\"url\":\"jdbc:postgresql://db/app\",\"pool\":5}");
		assertThat(this.emulator.client()
			.getSecretValue((r) -> r.secretId("prod/app/keystore"))
			.secretBinary()
			.asByteArray()).containsExactly(0, 1, 2);
		SecretListEntry entry = this.emulator.client()
			.listSecrets((r) -> r.filters((f) -> f.key("name").values("prod/app/db")))
			.secretList()
			.get(0);
		assertThat(entry.description()).isEqualTo("Database");
		assertThat(entry.tags()).containsExactly(Tag.builder().key("team").value("payments").build(),
				Tag.builder().key("env").value("prod").build());
	}

	@Test
	void seedFileIsRead(@TempDir Path directory) throws IOException {
		Path file = directory.resolve("secrets.json");
		Files.writeString(file, "{\"secrets\":[{\"name\":\"from-file\",\"secretString\":\"v\"}]}");
		assertThat(this.emulator.seed(file)).containsExactly("from-file");
		assertThat(this.emulator.client().getSecretValue((r) -> r.secretId("from-file")).secretString()).isEqualTo("v");
	}

	@Test
	void rejectedSecretLeavesNothingCreated() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> seed("{\"secrets\":[{\"name\":\"good\",\"secretString\":\"first-value\"},"
					+ "{\"name\":\"bad name\",\"secretString\":\"second-value\"}]}"))
			.withMessageContaining("#2 (bad name)")
			.withMessageNotContaining("second-value");
		assertThatExceptionOfType(ResourceNotFoundException.class)
			.isThrownBy(() -> this.emulator.client().getSecretValue((r) -> r.secretId("good")));
	}

	@Test
	void existingSecretIsNotOverwritten() {
		seed("{\"secrets\":[{\"name\":\"taken\",\"secretString\":\"original\"}]}");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> seed("{\"secrets\":[{\"name\":\"taken\",\"secretString\":\"replacement\"}]}"))
			.withMessageContaining("taken")
			.withMessageContaining("already exists")
			.withMessageNotContaining("replacement");
		assertThat(this.emulator.client().getSecretValue((r) -> r.secretId("taken")).secretString())
			.isEqualTo("original");
	}

	@Test
	void malformedDocumentsAreExplainedWithoutQuotingValues() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> seed("{\"secrets\":[{\"name\":\"x\",\"secretString\":hunter2}]}"))
			.withMessageStartingWith("The seed is not valid JSON (line 1")
			.withMessageNotContaining("hunter2");
		assertThatIllegalArgumentException().isThrownBy(() -> seed("[]")).withMessageContaining("\"secrets\" array");
		assertThatIllegalArgumentException().isThrownBy(() -> seed("{\"secrets\":[{\"secretString\":\"v\"}]}"))
			.withMessageContaining("\"name\" is required");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> seed("{\"secrets\":[{\"name\":\"x\",\"secret_string\":\"v\"}]}"))
			.withMessageContaining("unknown member \"secret_string\"");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> seed("{\"secrets\":[{\"name\":\"x\",\"secretBinaryBase64\":\"not base64!\"}]}"))
			.withMessageContaining("Base64");
	}

	private List<String> seed(String document) {
		return this.emulator.seed(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)));
	}

}
