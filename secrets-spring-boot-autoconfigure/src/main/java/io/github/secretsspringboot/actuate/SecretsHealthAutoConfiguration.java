package io.github.secretsspringboot.actuate;

import io.github.secretsspringboot.events.SecretEventSource;
import io.github.secretsspringboot.events.SecretEventsAutoConfiguration;
import io.github.secretsspringboot.refresh.SecretsRefreshAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the {@code secrets} health contributor, on unless
 * {@code management.health.secrets.enabled=false}. It is in no health group by default:
 * add it to readiness ({@code management.endpoint.health.group.readiness.include}) only
 * if an instance whose secrets are stale should leave the load balancer.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@AutoConfiguration(after = { SecretsRefreshAutoConfiguration.class, SecretEventsAutoConfiguration.class })
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("secrets")
@Import(SecretsInventoryConfiguration.class)
public final class SecretsHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "secretsHealthIndicator")
	SecretsHealthIndicator secretsHealthIndicator(SecretsInventory inventory, SecretsHealthProperties properties,
			ObjectProvider<SecretEventSource> eventSource) {
		return new SecretsHealthIndicator(inventory, properties.getDegradedStatus(), eventSource.getIfAvailable());
	}

}
