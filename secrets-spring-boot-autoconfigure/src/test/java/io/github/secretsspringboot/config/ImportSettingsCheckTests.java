package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretImportException;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link ImportSettingsCheck}: a setting of a profile-specific file Spring Boot
 * reads after the import is explained by the failure analysis, without its value.
 */
@ExtendWith(OutputCaptureExtension.class)
class ImportSettingsCheckTests extends SecretImportTestSupport {

	@TempDir
	Path folder;

	@Test
	void settingInAProfileFileOfTheSameLocationGroupIsExplainedWithoutItsValue(CapturedOutput output) throws Exception {
		createSecret("check/app", "{\"token\":\"a-token\"}");
		write("application.yml", """
				spring.config.import: aws-secret:check/app?prefix=app
				aws.secrets.endpoint: %s
				aws.secrets.region: %s
				""".formatted(emulator.endpoint(), emulator.region()));
		write("config/application-dev.yml", "aws.secrets.credentials.sts.session-name: " + CANARY);

		Throwable failure = catchThrowable(() -> run("dev"));

		assertThat(failure).isInstanceOf(SecretImportException.class);
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("'aws.secrets.credentials.sts.session-name' is set in")
			.contains("config/application-dev.yml")
			.contains("spring.config.activate.on-profile");
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	@Test
	void sameSettingInAProfileFileOfTheSameLocationGroupStarts() throws Exception {
		createSecret("check/app", "{\"token\":\"a-token\"}");
		write("application.yml", """
				spring.config.import: aws-secret:check/app?prefix=app
				aws.secrets.endpoint: %s
				aws.secrets.region: %s
				""".formatted(emulator.endpoint(), emulator.region()));
		write("config/application-dev.yml", "aws.secrets.region: " + emulator.region());
		try (ConfigurableApplicationContext context = run("dev")) {
			assertThat(context.getEnvironment().containsProperty("app.token")).isTrue();
		}
	}

	private void write(String name, String content) throws Exception {
		Path path = this.folder.resolve(name);
		Files.createDirectories(path.getParent());
		Files.writeString(path, content);
	}

	private ConfigurableApplicationContext run(String profile) {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setAdditionalProfiles(profile);
		return application.run(
				"--spring.config.location=file:" + this.folder + "/;optional:file:" + this.folder + "/config/",
				"--spring.main.banner-mode=off");
	}

}
