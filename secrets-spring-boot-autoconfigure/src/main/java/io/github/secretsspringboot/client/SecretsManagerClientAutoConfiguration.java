package io.github.secretsspringboot.client;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Auto-configuration of the application's {@link SecretsManagerClient} when no secrets
 * were imported (the client that loaded them is the bean otherwise, see
 * {@link BootstrapSecretsManagerClient}) and the application defines none. It is built
 * when first used, so that an application that imports nothing needs no region.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@AutoConfiguration
@EnableConfigurationProperties(AwsSecretsProperties.class)
public final class SecretsManagerClientAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean({ SecretsManagerClient.class, BootstrapSecretsManagerClient.class })
	@Lazy
	SecretsManagerClient awsSecretsManagerClient(AwsSecretsProperties properties,
			ObjectProvider<SecretsManagerClientCustomizer> customizers) {
		return SecretsManagerClientFactory.create(properties, customizers.orderedStream().toList());
	}

}
