package io.github.secretsspringboot.test.junit;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SecretsManagerTestProperties#credentials()}: an application whose own
 * configuration names the endpoint and region imports with the placeholder credentials
 * alone, and nothing is left behind.
 */
class SecretsManagerTestPropertiesTests {

	@Test
	void credentialsAloneLetAnApplicationThatNamesItsEndpointAndRegionImport() {
		String accessKeyBefore = System.getProperty("aws.accessKeyId");
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start()) {
			emulator.client().createSecret((secret) -> secret.name("it/app/config").secretString("{\"mode\":\"on\"}"));
			try (SecretsManagerTestProperties credentials = SecretsManagerTestProperties.credentials()) {
				assertThat(System.getProperty("aws.secrets.region")).as("region set for the JVM").isNull();
				assertThat(System.getProperty("aws.secrets.endpoint")).as("endpoint set for the JVM").isNull();
				SpringApplication application = new SpringApplication(Application.class);
				application.setWebApplicationType(WebApplicationType.NONE);
				try (ConfigurableApplicationContext context = application.run(
						"--spring.config.import=aws-secret:it/app/config?prefix=app",
						"--aws.secrets.endpoint=" + emulator.endpoint(), "--aws.secrets.region=" + emulator.region())) {
					assertThat(context.getEnvironment().getProperty("app.mode")).isEqualTo("on");
				}
			}
		}
		assertThat(System.getProperty("aws.accessKeyId")).isEqualTo(accessKeyBefore);
	}

	@Configuration(proxyBeanMethods = false)
	static class Application {

	}

}
