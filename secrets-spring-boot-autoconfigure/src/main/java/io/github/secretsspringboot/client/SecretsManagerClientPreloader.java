package io.github.secretsspringboot.client;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.bootstrap.BootstrapRegistryInitializer;

/**
 * Loads the classes of the Secrets Manager client and of its request path on a background
 * thread as soon as the application starts running, so that loading secrets in the config-data phase
 * finds them ready. On a cold JVM, building the first SDK client and sending its first
 * request is mostly class loading: done here, it overlaps with Spring Boot's own start-up on
 * another core instead of adding to it.
 * <p>
 * Nothing leaves the process: the throwaway client's requests are answered in memory with
 * canned responses, so that reading a response is warmed up as well as sending a request.
 * Set the system property {@code aws.secrets.preload=false} to turn it off.
 *
 * @author secrets-spring-boot
 */
public final class SecretsManagerClientPreloader implements BootstrapRegistryInitializer {

	/** The secret id of the preloading requests, which never leave the process. */
	public static final String PRELOAD_SECRET_ID = "secrets-spring-boot-preload";

	private static final String ENABLED_PROPERTY = "aws.secrets.preload";

	/** The discard port: the client needs an endpoint, and never reaches it. */
	private static final URI UNUSED_ENDPOINT = URI.create("http://127.0.0.1:9");

	private static final String SECRET = "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:"
			+ PRELOAD_SECRET_ID + "-AbCdEf\",\"Name\":\"" + PRELOAD_SECRET_ID + "\",\"VersionId\":\"v1\","
			+ "\"SecretString\":\"{\\\"preload\\\": [1]}\",\"VersionStages\":[\"AWSCURRENT\"],"
			+ "\"CreatedDate\":1.7E9}";

	/** Classes load once per JVM (or class loader): so does preloading. */
	private static final AtomicBoolean started = new AtomicBoolean();

	private static volatile boolean tlsNeeded = true;

	/**
	 * Called first thing in {@code SpringApplication.run}, before the starting event: the
	 * earlier this starts, the more of it is done when the config-data phase needs the
	 * client.
	 */
	@Override
	public void initialize(BootstrapRegistry registry) {
		if ("false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY)) || !started.compareAndSet(false, true)) {
			return;
		}
		Thread thread = new Thread(() -> preload(UNUSED_ENDPOINT), "aws-secrets-preload");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Tells preloading that the application's client talks plain HTTP, so that the TLS set-up
	 * of an HTTPS client need not be loaded.
	 */
	static void tlsNotNeeded() {
		tlsNeeded = false;
	}

	/**
	 * Preloads with a client for {@code endpoint}, to which nothing is sent.
	 * @return whether the whole request path ran, from building a request to reading the
	 * canned responses
	 */
	static boolean preload(URI endpoint) {
		try {
			boolean answered;
			try (SecretsManagerClient client = SecretsManagerClient.builder()
				.region(Region.US_EAST_1)
				.endpointOverride(endpoint)
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("preload", "preload")))
				.httpClient(new CannedResponses())
				.overrideConfiguration((override) -> override.retryStrategy(AwsRetryStrategy.standardRetryStrategy()))
				.build()) {
				// Startup requests carry a metric publisher (to count the SDK's attempts): so do these.
				BatchGetSecretValueResponse batch = client.batchGetSecretValue((request) -> request
					.secretIdList(PRELOAD_SECRET_ID)
					.overrideConfiguration((override) -> override.addMetricPublisher(new DiscardedMetrics())));
				GetSecretValueResponse single = client.getSecretValue((request) -> request.secretId(PRELOAD_SECRET_ID)
					.overrideConfiguration((override) -> override.addMetricPublisher(new DiscardedMetrics())));
				answered = batch.secretValues().size() == 1 && PRELOAD_SECRET_ID.equals(single.name());
			}
			boolean json = readJson(SECRET);
			if (tlsNeeded) {
				// Last, as the endpoint may turn out to be plain HTTP: the TLS set-up of the HTTPS client.
				UrlConnectionHttpClient.builder().build().close();
			}
			return json && answered;
		}
		catch (RuntimeException | LinkageError ex) {
			// Preloading is an optimization: whatever fails here fails again, and is reported, where it matters.
			return false;
		}
	}

	/** Secret values are JSON read with streaming Jackson. */
	private static boolean readJson(String json) {
		try (JsonParser parser = new JsonFactory().createParser(ObjectReadContext.empty(), json)) {
			int tokens = 0;
			while (parser.nextToken() != null) {
				tokens++;
			}
			return tokens > 0;
		}
	}

	/** Reads the metrics of a call as startup requests do, and keeps nothing. */
	private static final class DiscardedMetrics implements MetricPublisher {

		@Override
		public void publish(MetricCollection metrics) {
			metrics.children().forEach((attempt) -> attempt.metricValues(CoreMetric.ERROR_TYPE));
		}

		@Override
		public void close() {
		}

	}

	/** Answers GetSecretValue and BatchGetSecretValue in memory, as Secrets Manager would. */
	private static final class CannedResponses implements SdkHttpClient {

		@Override
		public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
			boolean batch = request.httpRequest()
				.firstMatchingHeader("X-Amz-Target")
				.filter((target) -> target.endsWith(".BatchGetSecretValue"))
				.isPresent();
			String body = batch ? "{\"SecretValues\":[" + SECRET + "],\"Errors\":[]}" : SECRET;
			return new ExecutableHttpRequest() {

				@Override
				public HttpExecuteResponse call() {
					return HttpExecuteResponse.builder()
						.response(SdkHttpResponse.builder()
							.statusCode(200)
							.putHeader("Content-Type", List.of("application/x-amz-json-1.1"))
							.putHeader("x-amzn-RequestId", List.of("preload"))
							.build())
						.responseBody(AbortableInputStream
							.create(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
						.build();
				}

				@Override
				public void abort() {
				}

			};
		}

		@Override
		public void close() {
		}

	}

}
