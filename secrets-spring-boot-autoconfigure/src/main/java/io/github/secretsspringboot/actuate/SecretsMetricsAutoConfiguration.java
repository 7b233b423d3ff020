package io.github.secretsspringboot.actuate;

import io.github.secretsspringboot.client.BootstrapSecretsManagerClient;
import io.github.secretsspringboot.client.SecretsManagerClientAutoConfiguration;
import io.github.secretsspringboot.client.SecretsManagerRequestObserver;
import io.github.secretsspringboot.config.SecretLoadReport;
import io.github.secretsspringboot.jdbc.SecretsDataSourceAutoConfiguration;
import io.github.secretsspringboot.jdbc.SecretsDataSourceState;
import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
import io.github.secretsspringboot.events.SecretEventsAutoConfiguration;
import io.github.secretsspringboot.refresh.SecretsRefreshAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the starter's Micrometer meters (see {@link SecretsMetricsBinder}
 * for their conventions), when Micrometer is on the classpath and the application has a
 * {@code MeterRegistry}.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@AutoConfiguration(
		after = { SecretsManagerClientAutoConfiguration.class, SecretsRefreshAutoConfiguration.class,
				SecretEventsAutoConfiguration.class, SecretsDataSourceAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@Import(SecretsInventoryConfiguration.class)
public final class SecretsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "secretsRefreshMetrics")
	SecretsRefreshMetrics secretsRefreshMetrics(SecretsInventory inventory) {
		return new SecretsRefreshMetrics(inventory);
	}

	@Bean
	@ConditionalOnMissingBean(name = "secretsLoadMetrics")
	@ConditionalOnBean(SecretLoadReport.class)
	SecretsLoadMetrics secretsLoadMetrics(SecretLoadReport report) {
		return new SecretsLoadMetrics(report);
	}

	@Bean
	@ConditionalOnMissingBean(name = "secretsRequestMetrics")
	SecretsRequestMetrics secretsRequestMetrics(ObjectProvider<BootstrapSecretsManagerClient> importClient,
			ObjectProvider<SecretsManagerClient> applicationClient, ObjectProvider<SecretRefreshRegistry> registry) {
		// The client the starter calls: the one that loaded the imports. Without imports
		// the
		// starter calls nothing, and building a client here would need a region.
		BootstrapSecretsManagerClient imports = importClient.getIfAvailable();
		SecretRefreshRegistry secrets = registry.getIfAvailable();
		SecretsManagerClient client = (imports != null) ? imports.get()
				: (secrets != null && !secrets.isEmpty()) ? applicationClient.getIfAvailable() : null;
		return new SecretsRequestMetrics(
				(client != null) ? SecretsManagerRequestObserver.of(client).orElse(null) : null);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.zaxxer.hikari.HikariDataSource")
	@ConditionalOnBean(SecretsDataSourceState.class)
	static class DataSourceMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "secretsDataSourceMetrics")
		SecretsDataSourceMetrics secretsDataSourceMetrics(SecretsDataSourceState state) {
			return new SecretsDataSourceMetrics(state);
		}

	}

}
