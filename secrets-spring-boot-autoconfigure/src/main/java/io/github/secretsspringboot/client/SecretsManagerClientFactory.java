package io.github.secretsspringboot.client;

import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Builds the application's one {@link SecretsManagerClient} from
 * {@link AwsSecretsProperties}. It uses the JDK's URL connection HTTP client: secrets
 * load during startup, before anything else needs AWS, and that client starts far faster
 * than the Apache or Netty ones while making the same few, short requests.
 *
 * @author secrets-spring-boot
 */
final class SecretsManagerClientFactory {

	private static final String STS_CLIENT = "software.amazon.awssdk.services.sts.StsClient";

	private SecretsManagerClientFactory() {
	}

	public static SecretsManagerClient create(AwsSecretsProperties properties,
			List<SecretsManagerClientCustomizer> customizers) {
		boolean plainHttp = PlainHttpClientBuilder.isPlainHttp(properties.getEndpoint());
		SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
			.httpClientBuilder(plainHttp ? new PlainHttpClientBuilder() : UrlConnectionHttpClient.builder());
		if (StringUtils.hasText(properties.getRegion())) {
			builder.region(Region.of(properties.getRegion()));
		}
		if (properties.getEndpoint() != null) {
			builder.endpointOverride(properties.getEndpoint());
		}
		if (properties.getFipsEnabled() != null) {
			builder.fipsEnabled(properties.getFipsEnabled());
		}
		if (properties.getDualstackEnabled() != null) {
			builder.dualstackEnabled(properties.getDualstackEnabled());
		}
		builder.credentialsProvider(credentialsProvider(properties));
		builder.overrideConfiguration((override) -> {
			override.retryStrategy(AwsRetryStrategy.standardRetryStrategy()
				.toBuilder()
				.maxAttempts(properties.getRetry().getMaxAttempts())
				.build());
			if (properties.getApiCallTimeout() != null) {
				override.apiCallTimeout(properties.getApiCallTimeout());
			}
			// Times calls for metrics once an observer listens; see
			// SecretsManagerRequestObserver.
			override.addExecutionInterceptor(new SecretsManagerRequestObserver());
		});
		customizers.forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	private static AwsCredentialsProvider credentialsProvider(AwsSecretsProperties properties) {
		AwsSecretsProperties.Credentials credentials = properties.getCredentials();
		AwsCredentialsProvider base = StringUtils.hasText(credentials.getProfile())
				? ProfileCredentialsProvider.create(credentials.getProfile())
				: DefaultCredentialsProvider.builder().build();
		if (!StringUtils.hasText(credentials.getSts().getRoleArn())) {
			return base;
		}
		if (!ClassUtils.isPresent(STS_CLIENT, SecretsManagerClientFactory.class.getClassLoader())) {
			throw new IllegalStateException("aws.secrets.credentials.sts.role-arn is set but the STS client is not on "
					+ "the classpath: add a dependency on software.amazon.awssdk:sts");
		}
		return StsRoleCredentials.assumeRole(base, credentials.getSts(), properties.getRegion());
	}

}
