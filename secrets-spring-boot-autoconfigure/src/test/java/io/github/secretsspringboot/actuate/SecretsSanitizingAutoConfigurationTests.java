package io.github.secretsspringboot.actuate;

import io.github.secretsspringboot.EmulatorTestSupport;
import io.github.secretsspringboot.config.SecretPropertySources;
import io.github.secretsspringboot.core.SecretPropertySource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The masking of secret-sourced properties in Actuator responses: configured with
 * Actuator, absent without.
 */
class SecretsSanitizingAutoConfigurationTests extends EmulatorTestSupport {

	private static final String CANARY = "canary-sanitizing-5d0f";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SecretsSanitizingAutoConfiguration.class));

	@Test
	void masksThePropertiesOfImportedSecrets() {
		secrets()
			.createSecret((request) -> request.name("prod/app/db").secretString("{\"password\":\"" + CANARY + "\"}"));
		SecretPropertySource source = SecretPropertySources.load(secrets(), "aws-secret:prod/app/db");
		this.runner.withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(source))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(SecretPropertiesSanitizingFunction.class);
				Object shown = context.getBean(SecretPropertiesSanitizingFunction.class)
					.apply(new SanitizableData(source, "password", source.getProperty("password")))
					.getValue();
				assertThat(CANARY.equals(shown)).as("the secret's value is shown").isFalse();
				assertThat(shown).isEqualTo(SanitizableData.SANITIZED_VALUE);
			});
	}

	@Test
	void nothingIsConfiguredWithoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SecretPropertiesSanitizingFunction.class));
	}

}
