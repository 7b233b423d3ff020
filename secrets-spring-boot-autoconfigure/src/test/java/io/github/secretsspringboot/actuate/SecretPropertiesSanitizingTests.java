package io.github.secretsspringboot.actuate;

import java.util.ArrayList;
import java.util.List;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.SecretsManagerTestProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secret-sourced properties are masked in the env and configprops endpoints even when
 * they are shown, and even when their names do not look sensitive.
 */
class SecretPropertiesSanitizingTests {

	private static final String CANARY = "canary-host-5b1d2e.internal";

	private static SecretsManagerEmulator emulator;

	private static SecretsManagerTestProperties credentials;

	@BeforeAll
	static void start() {
		emulator = SecretsManagerEmulator.start();
		credentials = SecretsManagerTestProperties.credentials();
		emulator.client()
			.createSecret((request) -> request.name("prod/app/api")
				.secretString("{\"host\": \"" + CANARY + "\", \"url\": \"https://" + CANARY + "\"}"));
	}

	@AfterAll
	static void stop() {
		credentials.close();
		emulator.close();
	}

	@Test
	void secretPropertiesAreMaskedWhereOthersAreShown() {
		try (ConfigurableApplicationContext context = run()) {
			String env = JsonMapper.builder()
				.build()
				.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null));
			assertThat(env).doesNotContain(CANARY).contains("******").contains("visible-value");
			String configprops = JsonMapper.builder()
				.build()
				.writeValueAsString(
						context.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties());
			assertThat(configprops).doesNotContain(CANARY).contains("******");
			assertThat(context.getBean(ApiProperties.class).getHost()).isEqualTo(CANARY);
		}
	}

	@Test
	void secretValuesAreMaskedUnderOtherNames() {
		try (ConfigurableApplicationContext context = run("--copy.host=${api.host}", "--copy.url=plain-url")) {
			assertThat(context.getBean(CopyProperties.class).getHost()).isEqualTo(CANARY);
			String env = JsonMapper.builder()
				.build()
				.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null));
			assertThat(env).doesNotContain(CANARY).contains("plain-url");
			String configprops = JsonMapper.builder()
				.build()
				.writeValueAsString(
						context.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties());
			assertThat(configprops).doesNotContain(CANARY).contains("plain-url");
		}
	}

	private static ConfigurableApplicationContext run(String... more) {
		List<String> args = new ArrayList<>(List.of("--spring.config.import=aws-secret:prod/app/api?prefix=api",
				"--aws.secrets.endpoint=" + emulator.endpoint(), "--aws.secrets.region=us-east-1",
				"--management.endpoint.env.show-values=always", "--management.endpoint.configprops.show-values=always",
				"--plain.value=visible-value", "--spring.jmx.enabled=true",
				"--management.endpoints.jmx.exposure.include=env,configprops"));
		args.addAll(List.of(more));
		SpringApplication application = new SpringApplication(ActuatorConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(args.toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EndpointAutoConfiguration.class, EnvironmentEndpointAutoConfiguration.class,
			ConfigurationPropertiesReportEndpointAutoConfiguration.class, SecretsSanitizingAutoConfiguration.class })
	@EnableConfigurationProperties({ ApiProperties.class, CopyProperties.class })
	static class ActuatorConfiguration {

	}

	/** Properties set from a secret's value under names of their own. */
	@ConfigurationProperties("copy")
	static class CopyProperties extends HostAndUrl {

	}

	@ConfigurationProperties("api")
	static class ApiProperties extends HostAndUrl {

	}

	abstract static class HostAndUrl {

		private String host;

		private String url;

		public String getHost() {
			return this.host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
		}

	}

}
