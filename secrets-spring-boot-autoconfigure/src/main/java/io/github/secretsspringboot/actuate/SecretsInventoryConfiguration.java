package io.github.secretsspringboot.actuate;

import io.github.secretsspringboot.config.SecretLoadReport;
import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
import io.github.secretsspringboot.refresh.SecretsRefreshProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The one {@link SecretsInventory} that the health contributor, the endpoint and the
 * meters read, imported by each of their auto-configurations: they report the same
 * secrets with the same settings.
 *
 * @author secrets-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretsHealthProperties.class)
class SecretsInventoryConfiguration {

	@Bean
	SecretsInventory secretsInventory(ConfigurableEnvironment environment,
			ObjectProvider<SecretRefreshRegistry> registry, ObjectProvider<SecretsRefreshProperties> refreshProperties,
			ObjectProvider<SecretLoadReport> report, SecretsHealthProperties properties) {
		return SecretsInventory.of(environment, registry, refreshProperties, report, properties);
	}

}
