package io.github.secretsspringboot.shapes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.secretsspringboot.core.SecretImportException;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code aws.secrets.*} for a profile written where developers write it beyond the file
 * next to {@code application.yml}: the {@code config} folder, an additional location, a
 * profile of a group or an included one, a file imported by a profile-specific file; and
 * given from the start (command line, {@code SPRING_APPLICATION_JSON}, environment
 * variables), where it applies. A setting the import could not see stops the application,
 * naming the property and the file; a second emulator stands in for the real Secrets
 * Manager named in {@code application.yml}.
 */
class SettingsProfileSpecificLocationsTests {

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

	private String localSettings() {
		return """
				aws.secrets:
				  endpoint: %s
				  region: %s
				""".formatted(local.endpoint(), local.region());
	}

	@Test
	void endpointInAProfileFileOfTheConfigFolderFails() {
		assertFailsNamingTheFile(UserApplication.of(App.class)
			.file("application.yml", applicationYml(""))
			.file("config/application-dev.yml", localSettings())
			.profiles("dev"), "aws.secrets.endpoint", "config/application-dev.yml");
		assertThat(production.control().totalRequests()).as("requests to the production endpoint").isZero();
	}

	@Test
	void endpointInAProfileFileOfAnAdditionalLocationApplies(@TempDir Path additional) throws Exception {
		Files.writeString(additional.resolve("application-dev.yml"), localSettings());
		try (ConfigurableApplicationContext context = UserApplication.of(App.class)
			.file("application.yml", applicationYml(""))
			.argument("--spring.config.additional-location=file:" + additional + "/")
			.profiles("dev")
			.run()) {
			assertReadFromTheLocalEmulator(context);
		}
	}

	/**
	 * Spring Boot's default locations: {@code application.yml} on the classpath, the
	 * profile's file in {@code ./config/} of the working directory, a group of higher
	 * precedence.
	 */
	@Test
	void endpointInAProfileFileOfTheWorkingDirectorysConfigFolderApplies(@TempDir Path classpath,
			@TempDir Path workingDirectory) throws Exception {
		Files.writeString(classpath.resolve("application.yml"), applicationYml(""));
		Files.createDirectories(workingDirectory.resolve("config"));
		Files.writeString(workingDirectory.resolve("config/application-dev.yml"), localSettings());
		try (ConfigurableApplicationContext context = UserApplication.of(App.class)
			.argument("--spring.config.location=optional:file:" + classpath + "/;optional:file:" + classpath
					+ "/config/,optional:file:" + workingDirectory + "/;optional:file:" + workingDirectory + "/config/")
			.profiles("dev")
			.run()) {
			assertReadFromTheLocalEmulator(context);
		}
	}

	@Test
	void importsDisabledInAProfileFileOfTheFolderAboveTheDeclaringFileFail() {
		assertFailsNamingTheFile(UserApplication.of(App.class)
			.file("config/application.yml", applicationYml(""))
			.file("application-local.yml", "aws.secrets.enabled: false")
			.profiles("local"), "aws.secrets.enabled", "application-local.yml");
		assertThat(production.control().totalRequests()).as("requests to the production endpoint").isZero();
	}

	@Test
	void endpointInAProfileFileOfAProfileGroupFails() {
		assertFailsNamingTheFile(UserApplication.of(App.class)
			.file("application.yml", applicationYml("spring.profiles.group.dev: dev-aws"))
			.file("application-dev-aws.yml", localSettings())
			.profiles("dev"), "aws.secrets.endpoint", "application-dev-aws.yml");
	}

	@Test
	void importsDisabledInAnIncludedProfileFileFail() {
		assertFailsNamingTheFile(
				UserApplication.of(App.class)
					.file("application.yml", applicationYml("spring.profiles.include: local"))
					.file("application-local.yml", "aws.secrets.enabled: false"),
				"aws.secrets.enabled", "application-local.yml");
	}

	@Test
	void endpointInAFileImportedByAProfileFileFails() {
		assertFailsNamingTheFile(UserApplication.of(App.class)
			.file("application.yml", applicationYml(""))
			.file("application-dev.yml", "spring.config.import: dev-aws.yml")
			.file("dev-aws.yml", localSettings())
			.profiles("dev"), "aws.secrets.endpoint", "dev-aws.yml");
		assertThat(production.control().totalRequests()).as("requests to the production endpoint").isZero();
	}

	@Test
	void credentialsProfileInAProfileFileOfTheFolderAboveTheDeclaringFileFailsWithoutItsValue() {
		UserApplication application = UserApplication.of(App.class)
			.file("config/application.yml", applicationYml(""))
			.file("application-dev.yml", "aws.secrets.credentials.profile: canary-profile-name")
			.profiles("dev");
		Throwable failure = catchThrowable(application::run);
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		assertThat(cause).isInstanceOf(SecretImportException.class)
			.hasMessageContaining("aws.secrets.credentials.profile")
			.hasMessageContaining("application-dev.yml");
		assertThat((cause.getMessage() + ((SecretImportException) cause).getAction()).contains("canary-profile-name"))
			.as("value absent from the failure")
			.isFalse();
		assertThat(production.control().totalRequests()).as("requests to the production endpoint").isZero();
	}

	@Test
	void settingsOfApplicationYmlApplyToAnImportDeclaredInAProfileFile() {
		try (ConfigurableApplicationContext context = UserApplication.of(App.class)
			.file("application.yml",
					"""
							spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
							"""
							+ localSettings())
			.file("application-dev.yml", "spring.config.import: aws-secret:prod/app/api?prefix=api")
			.profiles("dev")
			.run()) {
			assertReadFromTheLocalEmulator(context);
		}
	}

	@Test
	void endpointOnTheCommandLineAppliesOverAProfileFile() {
		try (ConfigurableApplicationContext context = UserApplication.of(App.class)
			.file("application.yml", applicationYml(""))
			.file("application-dev.yml", "aws.secrets.endpoint: http://localhost:9/unused")
			.argument("--aws.secrets.endpoint=" + local.endpoint())
			.argument("--aws.secrets.region=" + local.region())
			.profiles("dev")
			.run()) {
			assertReadFromTheLocalEmulator(context);
		}
	}

	@Test
	void endpointInSpringApplicationJsonAppliesOverAProfileFile() {
		try (ConfigurableApplicationContext context = UserApplication.of(App.class)
			.file("application.yml", applicationYml(""))
			.file("application-dev.yml", "aws.secrets.endpoint: http://localhost:9/unused")
			.argument("--spring.application.json={\"aws\":{\"secrets\":{\"endpoint\":\"" + local.endpoint()
					+ "\",\"region\":\"" + local.region() + "\"}}}")
			.profiles("dev")
			.run()) {
			assertReadFromTheLocalEmulator(context);
		}
	}

	@Test
	void endpointInEnvironmentVariablesAppliesOverAProfileFile() {
		SpringApplication application = UserApplication.of(App.class)
			.file("application.yml", applicationYml(""))
			.file("application-dev.yml", "aws.secrets.endpoint: http://localhost:9/unused")
			.profiles("dev")
			.application();
		Map<String, Object> variables = new LinkedHashMap<>(System.getenv());
		variables.put("AWS_SECRETS_ENDPOINT", local.endpoint().toString());
		variables.put("AWS_SECRETS_REGION", local.region());
		application.setEnvironment(new StandardEnvironment() {

			@Override
			public Map<String, Object> getSystemEnvironment() {
				return variables;
			}

		});
		try (ConfigurableApplicationContext context = application.run()) {
			assertReadFromTheLocalEmulator(context);
		}
	}

	@Test
	void sameEndpointInAProfileFileOfTheConfigFolderStarts() {
		try (ConfigurableApplicationContext context = UserApplication.of(App.class)
			.file("application.yml", applicationYml(""))
			.file("config/application-dev.yml",
					"aws.secrets.endpoint: " + production.endpoint() + "\naws.secrets.refresh.enabled: false")
			.profiles("dev")
			.run()) {
			assertThat("production-token".equals(context.getEnvironment().getProperty("api.token")))
				.as("api.token read from the production endpoint")
				.isTrue();
		}
	}

	private void assertReadFromTheLocalEmulator(ConfigurableApplicationContext context) {
		assertThat("local-token".equals(context.getEnvironment().getProperty("api.token")))
			.as("api.token read from the local emulator")
			.isTrue();
		assertThat(production.control().totalRequests()).as("requests to the production endpoint").isZero();
	}

	private void assertFailsNamingTheFile(UserApplication application, String property, String file) {
		Throwable failure = catchThrowable(application::run);
		assertThat(NestedExceptionUtils.getMostSpecificCause(failure)).isInstanceOf(SecretImportException.class)
			.hasMessageContaining(property)
			.hasMessageContaining(file);
		assertThat(((SecretImportException) NestedExceptionUtils.getMostSpecificCause(failure)).getAction())
			.contains("spring.config.activate.on-profile");
		assertThat(local.control().totalRequests()).as("requests to the local endpoint").isZero();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
