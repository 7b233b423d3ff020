package io.github.secretsspringboot.client;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the application's {@link SecretsManagerClient}. When secrets were
 * imported, the client created for the import is already a bean and this one backs off.
 *
 * @author secrets-spring-boot
 */
@AutoConfiguration
@EnableConfigurationProperties(AwsSecretsProperties.class)
public final class SecretsManagerClientAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	SecretsManagerClient awsSecretsManagerClient(AwsSecretsProperties properties,
			ObjectProvider<SecretsManagerClientCustomizer> customizers) {
		return SecretsManagerClientFactory.create(properties, customizers.orderedStream().toList());
	}

}
