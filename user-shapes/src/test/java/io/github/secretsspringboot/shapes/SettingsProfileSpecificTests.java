package io.github.secretsspringboot.shapes;

import io.github.secretsspringboot.core.SecretImportException;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code aws.secrets.*} set for a profile, as developers point a {@code dev} profile at a
 * local emulator or turn the imports off for a {@code local} profile: in a document of
 * {@code application.yml} activated by the profile they apply; in a profile-specific
 * file, which Spring Boot reads after the imports, the application fails before any
 * request. A second emulator stands in for the real Secrets Manager named in
 * {@code application.yml}: it must never be asked.
 */
class SettingsProfileSpecificTests {

	static SecretsManagerEmulator production;

	static SecretsManagerEmulator local;

	@BeforeAll
	static void startEmulators() {
		production = SecretsManagerEmulator.start();
		production.client()
			.createSecret((secret) -> secret.name("prod/app/api").secretString("{\"token\":\"production-token\"}"));
		local = SecretsManagerEmulator.start();
		local.client()
			.createSecret((secret) -> secret.name("prod/app/api").secretString("{\"token\":\"local-token\"}"));
	}

	@AfterAll
	static void stopEmulators() {
		production.close();
		local.close();
	}

	@BeforeEach
	void resetCounters() {
		production.control().resetCounters();
		local.control().resetCounters();
	}

	private String applicationYml(String more) {
		return """
				spring.config.import: aws-secret:prod/app/api?prefix=api
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				aws.secrets:
				  endpoint: %s
				  region: %s
				%s
				""".formatted(production.endpoint(), production.region(), more);
	}

	private String devYml() {
		return """
				aws.secrets:
				  endpoint: %s
				  region: %s
				""".formatted(local.endpoint(), local.region());
	}

	@Test
	void endpointInAProfileFileActivatedByTheApplicationFailsBeforeAnyRequest() {
		assertFailsFastNamingTheFile(UserApplication.of(App.class)
			.file("application.yml", applicationYml(""))
			.file("application-dev.yml", devYml())
			.profiles("dev"), "aws.secrets.endpoint", "application-dev.yml", "dev");
	}

	@Test
	void endpointInAProfileFileActivatedOnTheCommandLineFailsBeforeAnyRequest() {
		assertFailsFastNamingTheFile(UserApplication.of(App.class)
			.file("application.yml", applicationYml(""))
			.file("application-dev.yml", devYml())
			.argument("--spring.profiles.active=dev"), "aws.secrets.endpoint", "application-dev.yml", "dev");
	}

	@Test
	void endpointInAProfileFileActivatedInApplicationYmlFailsBeforeAnyRequest() {
		assertFailsFastNamingTheFile(UserApplication.of(App.class)
			.file("application.yml", applicationYml("spring.profiles.active: dev"))
			.file("application-dev.yml", devYml()), "aws.secrets.endpoint", "application-dev.yml", "dev");
	}

	@Test
	void importsDisabledInAProfileFileFailBeforeAnyRequest() {
		assertFailsFastNamingTheFile(UserApplication.of(App.class)
			.file("application.yml", applicationYml(""))
			.file("application-local.yml", "aws.secrets.enabled: false")
			.profiles("local"), "aws.secrets.enabled", "application-local.yml", "local");
	}

	@Test
	void endpointInADocumentActivatedByTheProfileApplies() {
		try (ConfigurableApplicationContext context = UserApplication.of(App.class)
			.file("application.yml", applicationYml("---\nspring.config.activate.on-profile: dev\n" + devYml()))
			.profiles("dev")
			.run()) {
			assertThat("local-token".equals(context.getEnvironment().getProperty("api.token")))
				.as("api.token read from the local emulator")
				.isTrue();
			assertThat(production.control().totalRequests()).as("requests to the production endpoint").isZero();
		}
	}

	@Test
	void importsDisabledInADocumentActivatedByTheProfileLoadNothing() {
		try (ConfigurableApplicationContext context = UserApplication.of(App.class)
			.file("application.yml",
					applicationYml("---\nspring.config.activate.on-profile: local\naws.secrets.enabled: false\n"))
			.profiles("local")
			.run()) {
			assertThat(context.getEnvironment().containsProperty("api.token")).as("api.token present").isFalse();
			assertThat(production.control().totalRequests()).as("requests to the production endpoint").isZero();
		}
	}

	@Test
	void withoutTheProfileTheApplicationFilesSettingsApply() {
		try (ConfigurableApplicationContext context = UserApplication.of(App.class)
			.file("application.yml", applicationYml(""))
			.file("application-dev.yml", devYml())
			.run()) {
			assertThat("production-token".equals(context.getEnvironment().getProperty("api.token")))
				.as("api.token read from the production endpoint")
				.isTrue();
			assertThat(local.control().totalRequests()).as("requests to the local endpoint").isZero();
		}
	}

	private void assertFailsFastNamingTheFile(UserApplication application, String property, String file,
			String profile) {
		Throwable failure = catchThrowable(application::run);
		assertThat(NestedExceptionUtils.getMostSpecificCause(failure)).isInstanceOf(SecretImportException.class)
			.hasMessageContaining(property)
			.hasMessageContaining(file);
		assertThat(((SecretImportException) NestedExceptionUtils.getMostSpecificCause(failure)).getAction())
			.contains("spring.config.activate.on-profile: " + profile);
		assertThat(production.control().totalRequests()).as("requests to the production endpoint").isZero();
		assertThat(local.control().totalRequests()).as("requests to the local endpoint").isZero();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
