package io.github.secretsspringboot.actuate;

import io.github.secretsspringboot.client.SecretsManagerClientAutoConfiguration;
import io.github.secretsspringboot.client.SecretsManagerRequestObserver;
import io.github.secretsspringboot.config.SecretLoadReport;
import io.github.secretsspringboot.jdbc.SecretsDataSourceAutoConfiguration;
import io.github.secretsspringboot.jdbc.SecretsDataSourceState;
import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
import io.github.secretsspringboot.refresh.SecretsRefreshAutoConfiguration;
import io.github.secretsspringboot.refresh.SecretsRefreshProperties;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of the starter's Micrometer meters (see {@link SecretsMetricsBinder}
 * for their conventions), when Micrometer is on the classpath and the application has a
 * {@code MeterRegistry}.
 *
 * @author secrets-spring-boot
 */
@AutoConfiguration(after = { SecretsManagerClientAutoConfiguration.class, SecretsRefreshAutoConfiguration.class,
		SecretsDataSourceAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@EnableConfigurationProperties(SecretsHealthProperties.class)
public final class SecretsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SecretsRefreshMetrics secretsRefreshMetrics(ConfigurableEnvironment environment,
			ObjectProvider<SecretRefreshRegistry> registry, ObjectProvider<SecretsRefreshProperties> refreshProperties,
			ObjectProvider<SecretLoadReport> report, SecretsHealthProperties properties) {
		return new SecretsRefreshMetrics(
				SecretsInventory.of(environment, registry, refreshProperties, report, properties));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SecretLoadReport.class)
	SecretsLoadMetrics secretsLoadMetrics(SecretLoadReport report) {
		return new SecretsLoadMetrics(report);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SecretsManagerClient.class)
	SecretsRequestMetrics secretsRequestMetrics(SecretsManagerClient client) {
		return new SecretsRequestMetrics(SecretsManagerRequestObserver.of(client).orElse(null));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.zaxxer.hikari.HikariDataSource")
	@ConditionalOnBean(SecretsDataSourceState.class)
	static class DataSourceMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SecretsDataSourceMetrics secretsDataSourceMetrics(SecretsDataSourceState state) {
			return new SecretsDataSourceMetrics(state);
		}

	}

}
