package io.github.secretsspringboot.actuate;

import java.time.Duration;

import io.github.secretsspringboot.client.AwsSecretsProperties;
import io.github.secretsspringboot.config.SecretLoadReport;
import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
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
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of the {@code secrets} endpoint, when it is available (exposed, as
 * any endpoint but {@code health}, with
 * {@code management.endpoints.web.exposure.include}).
 *
 * @author secrets-spring-boot
 */
@AutoConfiguration(after = SecretsRefreshAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnAvailableEndpoint(SecretsEndpoint.class)
@EnableConfigurationProperties(SecretsHealthProperties.class)
public final class SecretsEndpointAutoConfiguration {

	/**
	 * Bounds each refresh request when aws.secrets.api-call-timeout does not, as the
	 * refresher does.
	 */
	private static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

	@Bean
	@ConditionalOnMissingBean
	SecretsEndpoint secretsEndpoint(ConfigurableEnvironment environment, ObjectProvider<SecretsRefresher> refresher,
			ObjectProvider<SecretRefreshRegistry> registry, ObjectProvider<SecretsRefreshProperties> refreshProperties,
			ObjectProvider<SecretLoadReport> report, ObjectProvider<AwsSecretsProperties> awsProperties,
			SecretsHealthProperties properties) {
		AwsSecretsProperties aws = awsProperties.getIfAvailable();
		Duration callTimeout = (aws != null && aws.getApiCallTimeout() != null) ? aws.getApiCallTimeout()
				: DEFAULT_CALL_TIMEOUT;
		// A check is DescribeSecret, then GetSecretValue for a changed secret.
		Duration refreshWait = callTimeout.multipliedBy(2).plusSeconds(5);
		return new SecretsEndpoint(SecretsInventory.of(environment, registry, refreshProperties, report, properties),
				refresher.getIfAvailable(), refreshProperties.getIfAvailable(), refreshWait);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SecretsEndpoint.class)
	SecretsEndpointWebExtension secretsEndpointWebExtension(SecretsEndpoint endpoint) {
		return new SecretsEndpointWebExtension(endpoint);
	}

}
