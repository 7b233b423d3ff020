package io.github.secretsspringboot.events;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import io.github.secretsspringboot.client.BootstrapSecretsManagerClient;
import io.github.secretsspringboot.client.SecretsManagerClientAutoConfiguration;
import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
import io.github.secretsspringboot.refresh.SecretsRefreshAutoConfiguration;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition;

/**
 * Auto-configuration of event-driven refresh: on when
 * {@code aws.secrets.events.queue-url} or {@code aws.secrets.events.topic-arn} is set
 * (and {@code aws.secrets.events.enabled} is not {@code false}) and secrets are
 * refreshed. The SQS and SNS clients use the region and credentials of the Secrets
 * Manager client that loaded the imports, unless the application defines its own.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@AutoConfiguration(after = { SecretsManagerClientAutoConfiguration.class, SecretsRefreshAutoConfiguration.class })
@ConditionalOnClass(SqsClient.class)
@ConditionalOnBooleanProperty(name = "aws.secrets.events.enabled", matchIfMissing = true)
@Conditional(SecretEventsAutoConfiguration.OnEventSource.class)
@ConditionalOnBean(SecretsRefresher.class)
@EnableConfigurationProperties(SecretEventsProperties.class)
public final class SecretEventsAutoConfiguration {

	/** Longer than any long poll, so that a poll never times out on the socket. */
	private static final Duration SOCKET_MARGIN = Duration.ofSeconds(10);

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	SqsClient secretEventsSqsClient(SecretEventsProperties properties,
			ObjectProvider<BootstrapSecretsManagerClient> importClient,
			ObjectProvider<SecretsManagerClient> applicationClient,
			ObjectProvider<SecretEventsSqsClientCustomizer> customizers) {
		properties.validate();
		AwsServiceClientConfiguration secretsManager = secretsManager(importClient, applicationClient);
		SqsClientBuilder builder = SqsClient.builder()
			.httpClientBuilder(UrlConnectionHttpClient.builder()
				.socketTimeout(SecretEventsProperties.MAX_WAIT_TIME.plus(SOCKET_MARGIN)));
		if (secretsManager != null) {
			if (secretsManager.region() != null) {
				builder.region(secretsManager.region());
			}
			builder.credentialsProvider(secretsManager.credentialsProvider());
		}
		URI endpoint = sqsEndpoint(properties);
		if (endpoint != null) {
			builder.endpointOverride(endpoint);
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnProperty("aws.secrets.events.topic-arn")
	@ConditionalOnClass(SnsClient.class)
	SnsClient secretEventsSnsClient(SecretEventsProperties properties,
			ObjectProvider<BootstrapSecretsManagerClient> importClient,
			ObjectProvider<SecretsManagerClient> applicationClient,
			ObjectProvider<SecretEventsSnsClientCustomizer> customizers) {
		AwsServiceClientConfiguration secretsManager = secretsManager(importClient, applicationClient);
		SnsClientBuilder builder = SnsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
		if (secretsManager != null) {
			if (secretsManager.region() != null) {
				builder.region(secretsManager.region());
			}
			builder.credentialsProvider(secretsManager.credentialsProvider());
		}
		if (properties.getSnsEndpoint() != null) {
			builder.endpointOverride(properties.getSnsEndpoint());
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	EventStats secretEventSource(SecretEventsProperties properties) {
		return new EventStats(EventSources.mode(properties), Clock.systemUTC());
	}

	@Bean
	SqsEventConsumer secretEventsConsumer(SecretEventsProperties properties, SqsClient sqs,
			ObjectProvider<SnsClient> sns, SecretsRefresher refresher, SecretRefreshRegistry registry,
			EventStats stats) {
		properties.validate();
		EventQueue queue = EventSources.create(properties, sqs, sns.getIfAvailable(), registry);
		SecretEventHandler handler = new SecretEventHandler(refresher, registry, stats);
		return new SqsEventConsumer(sqs, queue, handler, stats, properties, Clock.systemUTC());
	}

	/**
	 * The settings of the client that loaded the imports: the events are about those
	 * secrets, in that account and region.
	 */
	private static @Nullable AwsServiceClientConfiguration secretsManager(
			ObjectProvider<BootstrapSecretsManagerClient> importClient,
			ObjectProvider<SecretsManagerClient> applicationClient) {
		BootstrapSecretsManagerClient imports = importClient.getIfAvailable();
		SecretsManagerClient client = (imports != null) ? imports.get() : applicationClient.getIfUnique();
		return (client != null) ? client.serviceClientConfiguration() : null;
	}

	/**
	 * The endpoint set, or the queue URL's own when it is not an AWS one (an
	 * SQS-compatible server): AWS's queue URLs work with the region's endpoint.
	 */
	static @Nullable URI sqsEndpoint(SecretEventsProperties properties) {
		if (properties.getSqsEndpoint() != null) {
			return properties.getSqsEndpoint();
		}
		String queueUrl = properties.getQueueUrl();
		if (queueUrl == null || !SecretEventsProperties.hasText(queueUrl)) {
			return null;
		}
		URI uri = URI.create(queueUrl.strip());
		String host = uri.getHost();
		if (host == null || host.toLowerCase(Locale.ROOT).endsWith(".amazonaws.com")
				|| host.toLowerCase(Locale.ROOT).endsWith(".amazonaws.com.cn")) {
			return null;
		}
		return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		// Bound to the application's registry, when it has one.
		@Bean
		SecretEventsMeterBinder secretEventsMeterBinder(EventStats stats) {
			return new SecretEventsMeterBinder(stats);
		}

	}

	/** A queue URL or a topic ARN is set. */
	static class OnEventSource extends AnyNestedCondition {

		OnEventSource() {
			super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty("aws.secrets.events.queue-url")
		static class QueueUrl {

		}

		@ConditionalOnProperty("aws.secrets.events.topic-arn")
		static class TopicArn {

		}

	}

}
