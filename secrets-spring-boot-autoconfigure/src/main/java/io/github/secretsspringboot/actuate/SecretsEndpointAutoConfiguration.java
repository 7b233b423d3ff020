package io.github.secretsspringboot.actuate;

import java.time.Duration;

import io.github.secretsspringboot.client.AwsSecretsProperties;
import io.github.secretsspringboot.events.SecretEventSource;
import io.github.secretsspringboot.events.SecretEventsAutoConfiguration;
import io.github.secretsspringboot.refresh.SecretsRefreshAutoConfiguration;
import io.github.secretsspringboot.refresh.SecretsRefreshProperties;
import io.github.secretsspringboot.refresh.SecretsRefresher;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the {@code secrets} endpoint, when it is available (exposed, as
 * any endpoint but {@code health}, with
 * {@code management.endpoints.web.exposure.include}).
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@AutoConfiguration(after = { SecretsRefreshAutoConfiguration.class, SecretEventsAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnAvailableEndpoint(SecretsEndpoint.class)
@Import(SecretsInventoryConfiguration.class)
public final class SecretsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "secretsEndpoint")
	SecretsEndpoint secretsEndpoint(SecretsInventory inventory, ObjectProvider<SecretsRefresher> refresher,
			ObjectProvider<SecretsRefreshProperties> refreshProperties,
			ObjectProvider<AwsSecretsProperties> awsProperties, ObjectProvider<SecretEventSource> eventSource) {
		Duration callTimeout = awsProperties.getIfAvailable(AwsSecretsProperties::new).determineRefreshApiCallTimeout();
		// A check is DescribeSecret, then GetSecretValue for a changed secret.
		Duration refreshWait = callTimeout.multipliedBy(2).plusSeconds(5);
		return new SecretsEndpoint(inventory, refresher.getIfAvailable(), refreshProperties.getIfAvailable(),
				refreshWait, eventSource.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean(name = "secretsEndpointWebExtension")
	@ConditionalOnBean(SecretsEndpoint.class)
	SecretsEndpointWebExtension secretsEndpointWebExtension(SecretsEndpoint endpoint) {
		return new SecretsEndpointWebExtension(endpoint);
	}

}
