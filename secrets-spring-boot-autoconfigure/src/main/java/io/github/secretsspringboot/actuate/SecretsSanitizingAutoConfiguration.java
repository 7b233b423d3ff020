package io.github.secretsspringboot.actuate;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration that masks secret-sourced properties in Actuator endpoints.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class SecretsSanitizingAutoConfiguration {

	@Bean
	SecretPropertiesSanitizingFunction secretPropertiesSanitizingFunction(ConfigurableEnvironment environment) {
		return new SecretPropertiesSanitizingFunction(environment);
	}

}
