package io.github.secretsspringboot.refresh;

import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;

import io.github.secretsspringboot.client.AwsSecretsProperties;
import io.github.secretsspringboot.client.SecretsManagerClientAutoConfiguration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of the refresh of imported secrets, and of its link to Spring Cloud
 * Context when that is on the classpath.
 *
 * @author secrets-spring-boot
 */
@AutoConfiguration(after = SecretsManagerClientAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "aws.secrets.refresh.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ SecretsRefreshProperties.class, AwsSecretsProperties.class })
public final class SecretsRefreshAutoConfiguration {

	/**
	 * Bounds each refresh request when aws.secrets.api-call-timeout does not: a request
	 * that hangs must not keep a secret from being checked for long.
	 */
	private static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

	@Bean
	@ConditionalOnMissingBean
	SecretRefreshRegistry secretRefreshRegistry(ConfigurableEnvironment environment) {
		return SecretRefreshRegistry.of(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	SecretsRefresher secretsRefresher(SecretRefreshRegistry registry, SecretsManagerClient client,
			SecretsRefreshProperties properties, AwsSecretsProperties awsProperties,
			ApplicationEventPublisher eventPublisher, ObjectProvider<SecretsRefreshListener> listeners) {
		Clock clock = Clock.systemUTC();
		Duration callTimeout = (awsProperties.getApiCallTimeout() != null) ? awsProperties.getApiCallTimeout()
				: DEFAULT_CALL_TIMEOUT;
		AwsRequestOverrideConfiguration requestOverride = AwsRequestOverrideConfiguration.builder()
			.apiCallTimeout(callTimeout)
			.build();
		SecretChecker checker = new SecretChecker(properties.getMode(),
				new DescribeCheck(client, requestOverride, clock), new BatchCheck(client, requestOverride, clock), clock);
		Backoff backoff = new Backoff(properties.getInterval(), properties.getMaxBackoff(), properties.getJitter(),
				new SplittableRandom());
		SecretsRefresher refresher = new SecretsRefresher(registry, checker, eventPublisher, properties, backoff, clock);
		refresher.setListeners(listeners.orderedStream().toList());
		return refresher;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EnvironmentChangeEvent.class)
	static class SpringCloudContextConfiguration {

		@Bean
		SpringCloudRefreshBridge secretsSpringCloudRefreshBridge(ApplicationContext applicationContext,
				ObjectProvider<ConfigurationPropertiesRebinder> rebinder, ObjectProvider<RefreshScope> refreshScope,
				SecretsRefreshProperties properties) {
			return new SpringCloudRefreshBridge(applicationContext, rebinder, refreshScope,
					properties.isRefreshScope());
		}

	}

}
