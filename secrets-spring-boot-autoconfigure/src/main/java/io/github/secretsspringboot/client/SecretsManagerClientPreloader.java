package io.github.secretsspringboot.client;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;

/**
 * Loads the classes of the Secrets Manager client and of its request path on a background
 * thread as soon as the application starts, so that loading secrets in the config-data phase
 * finds them ready. On a cold JVM, building the first SDK client and sending its first
 * request is mostly class loading: done here, it overlaps with Spring Boot's own start-up on
 * another core instead of adding to it.
 * <p>
 * Nothing leaves the process: the throwaway client's requests stop in an interceptor before
 * anything is sent. Set the system property {@code aws.secrets.preload=false} to turn it off.
 *
 * @author secrets-spring-boot
 */
public final class SecretsManagerClientPreloader implements ApplicationListener<ApplicationStartingEvent> {

	/** The secret id of the preloading requests, which never leave the process. */
	public static final String PRELOAD_SECRET_ID = "secrets-spring-boot-preload";

	private static final String ENABLED_PROPERTY = "aws.secrets.preload";

	/** The discard port: the client needs an endpoint, and never reaches it. */
	private static final URI UNUSED_ENDPOINT = URI.create("http://127.0.0.1:9");

	@Override
	public void onApplicationEvent(ApplicationStartingEvent event) {
		if ("false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY))) {
			return;
		}
		Thread thread = new Thread(() -> preload(UNUSED_ENDPOINT), "aws-secrets-preload");
		thread.setDaemon(true);
		thread.start();
	}

	/** Preloads with a client for {@code endpoint}, to which nothing is sent. */
	static void preload(URI endpoint) {
		try (SecretsManagerClient client = SecretsManagerClient.builder()
			.region(Region.US_EAST_1)
			.endpointOverride(endpoint)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("preload", "preload")))
			.httpClientBuilder(UrlConnectionHttpClient.builder())
			.overrideConfiguration((override) -> override.addExecutionInterceptor(new StopBeforeSending()))
			.build()) {
			sendNothing(() -> client.batchGetSecretValue((request) -> request.secretIdList(PRELOAD_SECRET_ID)));
			sendNothing(() -> client.getSecretValue((request) -> request.secretId(PRELOAD_SECRET_ID)));
			sendNothing(() -> client.describeSecret((request) -> request.secretId(PRELOAD_SECRET_ID)));
		}
		catch (RuntimeException | LinkageError ex) {
			// Preloading is an optimization: whatever fails here fails again, and is reported, where it matters.
		}
		JsonMapper.builder().build().readTree("{\"preload\": [1]}");
	}

	private static void sendNothing(Runnable request) {
		try {
			request.run();
		}
		catch (RuntimeException expected) {
			// Stopped before sending, as intended.
		}
	}

	/** Ends every request after it is signed and before it is sent. */
	private static final class StopBeforeSending implements ExecutionInterceptor {

		@Override
		public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
			throw new IllegalStateException("Preloading only: not sent");
		}

	}

}
