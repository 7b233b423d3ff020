package io.github.secretsspringboot.refresh;

import java.util.List;

import io.github.secretsspringboot.config.SecretPropertySources;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretRefreshRegistry}: which imports of an environment are refreshed
 * and how they group into secrets.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class SecretRefreshRegistryTests {

	private SecretsManagerClient client;

	private String arn;

	private String firstVersion;

	@BeforeEach
	void create(SecretsManagerEmulator emulator) {
		emulator.clear();
		this.client = emulator.client();
		this.arn = this.client.createSecret((secret) -> secret.name("app/db").secretString("{\"user\": \"u\"}")).arn();
		this.firstVersion = this.client.getSecretValue((request) -> request.secretId("app/db")).versionId();
		this.client.putSecretValue((request) -> request.secretId("app/db").secretString("{\"user\": \"v\"}"));
		this.client.createSecret((secret) -> secret.name("app/other").secretString("text"));
	}

	@Test
	void importsOfOneSecretByNameAndArnAreOneSecretAndPinnedVersionsAreNotRefreshed() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addLast(new MapPropertySource("application", java.util.Map.of("a", "b")));
		addImport(environment, "aws-secret:app/db");
		addImport(environment, "aws-secret:" + this.arn + "?prefix=by-arn");
		addImport(environment, "aws-secret:app/db?version-stage=AWSPREVIOUS&prefix=previous");
		addImport(environment, "aws-secret:app/db?version-id=" + this.firstVersion + "&prefix=pinned");
		addImport(environment, "aws-secret:app/other");
		SecretRefreshRegistry registry = SecretRefreshRegistry.of(environment);
		assertThat(registry.isEmpty()).isFalse();
		assertThat(registry.secrets()).extracting(TrackedSecret::secretId).containsExactly("app/db", "app/other");
		assertThat(registry.secrets().get(0).imports()).extracting(TrackedImport::name)
			.containsExactly("aws-secret:app/db", "aws-secret:" + this.arn + "?prefix=by-arn",
					"aws-secret:app/db?prefix=previous&version-stage=AWSPREVIOUS");
		assertThat(registry.getStates()).hasSize(4);
	}

	@Test
	void theStatesOfASecretAreFoundByNameArnOrPartialArn() {
		StandardEnvironment environment = new StandardEnvironment();
		addImport(environment, "aws-secret:app/db");
		SecretRefreshRegistry registry = SecretRefreshRegistry.of(environment);
		String partialArn = this.arn.substring(0, this.arn.length() - 7);
		for (String id : List.of("app/db", this.arn, partialArn)) {
			assertThat(registry.getStates(id)).singleElement().satisfies((state) -> {
				assertThat(state.source()).isEqualTo("aws-secret:app/db");
				assertThat(state.secretId()).isEqualTo("app/db");
				assertThat(state.arn()).isEqualTo(this.arn);
				assertThat(state.versionStages()).containsExactly("AWSCURRENT");
				assertThat(state.isFailing()).isFalse();
				assertThat(state.checks()).isZero();
				assertThat(state.nextCheck()).isNull();
			});
		}
		assertThat(registry.getStates("app/unknown")).isEmpty();
	}

	@Test
	void anOptionalImportNotLoadedIsRefreshedUnderItsImportedId() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addLast(SecretPropertySources.notLoaded("aws-secret:app/later"));
		SecretRefreshRegistry registry = SecretRefreshRegistry.of(environment);
		assertThat(registry.getStates("app/later")).singleElement().satisfies((state) -> {
			assertThat(state.versionId()).isNull();
			assertThat(state.arn()).isNull();
		});
	}

	@Test
	void anEnvironmentWithoutSecretsRefreshesNothingAndCyclesAreCounted() {
		SecretRefreshRegistry registry = SecretRefreshRegistry.of(new StandardEnvironment());
		assertThat(registry.isEmpty()).isTrue();
		assertThat(registry.getStates()).isEmpty();
		registry.cycleCompleted();
		registry.cycleCompleted();
		assertThat(registry.getCycles()).isEqualTo(2);
	}

	private void addImport(StandardEnvironment environment, String location) {
		environment.getPropertySources().addLast(SecretPropertySources.load(this.client, location));
	}

}
