package io.github.secretsspringboot.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Binds {@link PaymentProperties} in the refresh scope. When the API key's secret
 * changes, the starter refreshes the scope
 * ({@code aws.secrets.refresh.refresh-scope=true}) and the next call gets a new, fully
 * bound instance while calls in flight finish with the old one. A plain
 * {@code @ConfigurationProperties} bean would be rebound in place, which resets it to its
 * defaults for a moment: a concurrent request could see no key at all.
 */
@Configuration(proxyBeanMethods = false)
class PaymentConfiguration {

	@Bean
	@RefreshScope
	@ConfigurationProperties("payments")
	PaymentProperties paymentProperties() {
		return new PaymentProperties();
	}

}
