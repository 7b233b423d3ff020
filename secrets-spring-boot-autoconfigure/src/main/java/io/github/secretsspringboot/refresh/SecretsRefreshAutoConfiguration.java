package io.github.secretsspringboot.refresh;

import java.time.Clock;
import java.util.SplittableRandom;

import io.github.secretsspringboot.client.AwsSecretsProperties;
import io.github.secretsspringboot.client.BootstrapSecretsManagerClient;
import io.github.secretsspringboot.client.SecretsManagerClientAutoConfiguration;
import io.github.secretsspringboot.core.LiveSecretImports;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of the refresh of imported secrets, and of its link to Spring Cloud
 * Context when that is on the classpath. The client settings
 * ({@link AwsSecretsProperties}) are those of
 * {@link SecretsManagerClientAutoConfiguration}.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@AutoConfiguration(after = SecretsManagerClientAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "aws.secrets.refresh.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SecretsRefreshProperties.class)
public final class SecretsRefreshAutoConfiguration {

	// The registry and the refresher are the starter's own (no user can build one):
	// aws.secrets.refresh.enabled=false turns them off.

	@Bean
	SecretRefreshRegistry secretRefreshRegistry(ConfigurableEnvironment environment) {
		return SecretRefreshRegistry.of(environment);
	}

	@Bean
	SecretsRefresher secretsRefresher(SecretRefreshRegistry registry,
			ObjectProvider<BootstrapSecretsManagerClient> importClient, @Lazy SecretsManagerClient applicationClient,
			SecretsRefreshProperties properties, AwsSecretsProperties awsProperties,
			ApplicationEventPublisher eventPublisher, ObjectProvider<SecretsRefreshListener> listeners,
			ObjectProvider<SecretChangeReaction> reactions) {
		// New versions are read where the imports were read, whatever client the
		// application defines.
		BootstrapSecretsManagerClient imports = importClient.getIfAvailable();
		SecretsManagerClient client = (imports != null) ? imports.get() : applicationClient;
		Clock clock = Clock.systemUTC();
		AwsRequestOverrideConfiguration requestOverride = AwsRequestOverrideConfiguration.builder()
			.apiCallTimeout(awsProperties.determineRefreshApiCallTimeout())
			.build();
		ChangePipeline pipeline = new ChangePipeline(() -> reactions.orderedStream().toList(), eventPublisher);
		SecretChecker checker = new SecretChecker(properties.getMode(),
				new DescribeCheck(client, requestOverride, clock, pipeline),
				new BatchCheck(client, requestOverride, clock, pipeline),
				new CurrentCheck(client, requestOverride, clock, pipeline), clock);
		Backoff backoff = new Backoff(properties.getInterval(), properties.getMaxBackoff(), properties.getJitter(),
				new SplittableRandom());
		SecretsRefresher refresher = new SecretsRefresher(registry, checker, pipeline, properties, backoff, clock);
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

		/**
		 * Spring Cloud keeps the bootstrap context of the start as a bean (the starter
		 * keeps it when Spring Cloud does not), and processes config data again in it on
		 * a context refresh: there the imports come from the running application, brought
		 * to their current versions by the refresher.
		 */
		@Bean
		RefresherLiveImports secretsRefresherLiveImports(SecretsRefresher refresher, SecretRefreshRegistry registry,
				ConfigurableEnvironment environment, AwsSecretsProperties awsProperties,
				ObjectProvider<ConfigurableBootstrapContext> bootstrapContext) {
			// A forced check may wait for a periodic one in flight: two checks of two
			// requests each.
			RefresherLiveImports imports = new RefresherLiveImports(refresher, registry,
					environment.getPropertySources(), awsProperties.determineRefreshApiCallTimeout().multipliedBy(4));
			bootstrapContext.ifAvailable((context) -> context.register(LiveSecretImports.class,
					BootstrapRegistry.InstanceSupplier.of(imports)));
			return imports;
		}

	}

}
