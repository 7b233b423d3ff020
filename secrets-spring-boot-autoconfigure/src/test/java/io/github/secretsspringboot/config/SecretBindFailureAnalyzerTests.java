package io.github.secretsspringboot.config;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A property from a secret that cannot be bound is explained without its value; one from
 * anywhere else is left to Spring Boot's analysis, value included.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretBindFailureAnalyzerTests extends SecretImportTestSupport {

	@Test
	void valueFromASecretIsWithheld(CapturedOutput output) {
		createSecret("prod/app/pool", "{\"size\": \"" + CANARY + "\"}");
		assertThatException()
			.isThrownBy(() -> runWithPool("--spring.config.import=aws-secret:prod/app/pool?prefix=pool"));
		// First, so that the assertion below cannot print the value.
		assertThat(output.getAll().contains(CANARY)).as("the output holds the secret value").isFalse();
		assertThat(output).contains("Failed to bind properties under 'pool.size' to int")
			.contains("Value: (withheld: it comes from secret 'prod/app/pool')")
			.contains("Origin: aws-secret:prod/app/pool?prefix=pool")
			.contains("Update secret 'prod/app/pool' so that the value of 'pool.size' can be bound to int");
	}

	@Test
	void valueFromElsewhereIsLeftToSpringBoot(CapturedOutput output) {
		assertThatException().isThrownBy(() -> runWithPool("--pool.size=not-a-number"));
		assertThat(output).contains("Failed to bind properties under 'pool.size' to int")
			.contains("Value: \"not-a-number\"")
			.doesNotContain("withheld");
	}

	private static void runWithPool(String... args) {
		SpringApplication application = new SpringApplication(PoolConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		List<String> all = new ArrayList<>(List.of("--aws.secrets.endpoint=" + emulator.endpoint(),
				"--aws.secrets.region=" + emulator.region(), "--spring.main.banner-mode=off"));
		all.addAll(List.of(args));
		application.run(all.toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PoolProperties.class)
	static class PoolConfiguration {

	}

	@ConfigurationProperties("pool")
	static class PoolProperties {

		private int size;

		public int getSize() {
			return this.size;
		}

		public void setSize(int size) {
			this.size = size;
		}

	}

}
