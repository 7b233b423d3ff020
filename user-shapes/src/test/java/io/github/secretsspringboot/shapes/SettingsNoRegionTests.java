package io.github.secretsspringboot.shapes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An application with the starter on its classpath on a machine that has no AWS region (a
 * CI machine, a laptop), where the imports are turned off or there are none.
 */
class SettingsNoRegionTests {

	private static final String[] SYSTEM_PROPERTIES = { "aws.region", "aws.configFile", "aws.sharedCredentialsFile",
			"aws.disableEc2Metadata" };

	private final Map<String, String> saved = new LinkedHashMap<>();

	@BeforeEach
	void noRegionAnywhere(@TempDir Path home) throws IOException {
		assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null
				&& System.getenv("AWS_CONFIG_FILE") == null, "no region in the environment");
		for (String name : SYSTEM_PROPERTIES) {
			this.saved.put(name, System.getProperty(name));
		}
		System.clearProperty("aws.region");
		System.setProperty("aws.configFile", Files.createFile(home.resolve("config")).toString());
		System.setProperty("aws.sharedCredentialsFile", Files.createFile(home.resolve("credentials")).toString());
		System.setProperty("aws.disableEc2Metadata", "true");
	}

	@AfterEach
	void restore() {
		this.saved.forEach((name, value) -> {
			if (value != null) {
				System.setProperty(name, value);
			}
			else {
				System.clearProperty(name);
			}
		});
	}

	@Test
	void startsWithImportsDisabled() {
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).file("application.yml", """
				spring.config.import: aws-secret:prod/app/api?prefix=api
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				aws.secrets.enabled: false
				""").run()) {
			assertNoClientBuilt(context);
		}
	}

	@Test
	void startsWithoutImports() {
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).file("application.yml", """
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				""").run()) {
			assertNoClientBuilt(context);
		}
	}

	private void assertNoClientBuilt(ConfigurableApplicationContext context) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		for (String name : beanFactory.getBeanNamesForType(SecretsManagerClient.class, true, false)) {
			assertThat(beanFactory.containsSingleton(name)).as("client '%s' built", name).isFalse();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
