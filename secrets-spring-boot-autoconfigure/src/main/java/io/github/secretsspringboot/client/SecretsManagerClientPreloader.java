package io.github.secretsspringboot.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.BootstrapRegistryInitializer;

/**
 * Warms up the Secrets Manager client and its request path on background threads as soon
 * as the application starts running, so that loading secrets in the config-data phase
 * finds it ready. On a cold JVM, building the first SDK client and sending its first
 * request is mostly class loading: done here, it overlaps with Spring Boot's own start-up
 * on another core instead of adding to it.
 * <p>
 * Everything is warmed up by doing it, through public API only, never by naming classes:
 * what is loaded is whatever the JDK and the SDK in use load for the same work, which
 * keeps it right across upgrades. One thread builds a throwaway client and runs its
 * requests, answered in memory. Another prepares, meanwhile, what the application's
 * request needs outside the client's classes, none of which the first thread's path
 * touches before it is well under way: the default credentials chain (built, never asked
 * for credentials), the JDK's cryptography for signing (finding the HMAC in the security
 * providers alone takes tens of milliseconds), a real HTTP round trip to a throwaway
 * server on the loopback interface, streaming Jackson; then the end of the request path,
 * ahead of the first thread: signing with the client's signer, and the responses' model.
 * Class loading being sequential on each thread, the two together finish far sooner than
 * one would.
 * <p>
 * Nothing leaves the process. Set the system property {@code aws.secrets.preload=false}
 * to turn it off.
 *
 * @author secrets-spring-boot
 */
final class SecretsManagerClientPreloader implements BootstrapRegistryInitializer {

	private static final String ENABLED_PROPERTY = "aws.secrets.preload";

	/** The discard port: the throwaway client needs an endpoint, and never reaches it. */
	private static final URI UNUSED_ENDPOINT = URI.create("http://127.0.0.1:9");

	/** The time limit of the warm-up's requests, which are answered at once. */
	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	/** Classes load once per JVM (or class loader): so does the warm-up. */
	private static final AtomicBoolean started = new AtomicBoolean();

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
		SecretsManagerClientWarmUp warmUp = new SecretsManagerClientWarmUp();
		registry.register(SecretsManagerClientWarmUp.class, InstanceSupplier.of(warmUp));
		start("aws-secrets-preload", () -> preload(UNUSED_ENDPOINT, warmUp));
		start("aws-secrets-preload-jdk", () -> preloadAroundClient(UNUSED_ENDPOINT));
	}

	private static void start(String name, Runnable preloading) {
		Thread thread = new Thread(preloading, name);
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Warms up with a throwaway client for {@code endpoint}, to which nothing is sent,
	 * then, unless the application's endpoint is known to be plain HTTP by then, the TLS
	 * set-up of the HTTPS client.
	 * @return whether the whole request path ran, from building a request to reading the
	 * canned responses
	 */
	static boolean preload(URI endpoint, SecretsManagerClientWarmUp warmUp) {
		try {
			boolean answered;
			try (SecretsManagerClient client = SecretsManagerClient.builder()
				.region(Region.US_EAST_1)
				.endpointOverride(endpoint)
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("preload", "preload")))
				.httpClient(new CannedSecretsManager())
				.overrideConfiguration((override) -> override.retryStrategy(AwsRetryStrategy.standardRetryStrategy()))
				.build()) {
				// Startup requests carry a metric publisher (to count the SDK's attempts)
				// and a time limit (the startup budget left): so do these.
				BatchGetSecretValueResponse batch = client
					.batchGetSecretValue((request) -> request.secretIdList(CannedSecretsManager.SECRET_ID)
						.overrideConfiguration((override) -> override.apiCallTimeout(CALL_TIMEOUT)
							.addMetricPublisher(new DiscardedMetrics())));
				GetSecretValueResponse single = client
					.getSecretValue((request) -> request.secretId(CannedSecretsManager.SECRET_ID)
						.overrideConfiguration((override) -> override.apiCallTimeout(CALL_TIMEOUT)
							.addMetricPublisher(new DiscardedMetrics())));
				answered = batch.secretValues().size() == 1 && CannedSecretsManager.SECRET_ID.equals(single.name());
			}
			if (warmUp.tlsNeeded()) {
				// Last, as the endpoint may turn out to be plain HTTP.
				UrlConnectionHttpClient.builder().build().close();
			}
			return answered;
		}
		catch (RuntimeException | LinkageError ex) {
			// The warm-up is an optimization: whatever fails here fails again, and is
			// reported, where it matters.
			return false;
		}
	}

	/**
	 * Warms up what the application's request needs besides the client's own classes, in
	 * the order that request needs it: the credentials chain, HMAC-SHA256 and SHA-256 for
	 * signing, an HTTP round trip over loopback, and streaming Jackson, which reads the
	 * secrets' values; then, as the client's classes are loaded by now, the SigV4 signer
	 * and the responses' model, which the other thread reaches last.
	 * @return whether all of it ran
	 */
	static boolean preloadAroundClient(URI endpoint) {
		try {
			credentialsChain();
			byte[] bytes = CannedSecretsManager.SECRET_ID.getBytes(StandardCharsets.UTF_8);
			Mac hmac = Mac.getInstance("HmacSHA256");
			hmac.init(new SecretKeySpec(bytes, "HmacSHA256"));
			hmac.doFinal(bytes);
			MessageDigest.getInstance("SHA-256").digest(bytes);
			boolean roundTrip = LoopbackRoundTrip.run();
			boolean json = readJson(CannedSecretsManager.SECRET);
			sign(endpoint);
			return roundTrip && json && responses();
		}
		catch (GeneralSecurityException | IOException | RuntimeException | LinkageError ex) {
			// As for the client: what fails here fails again, and is reported, where it
			// matters.
			return false;
		}
	}

	/**
	 * Builds the providers of the default credentials chain as the application's client
	 * does on its first request, and closes them: none is asked for credentials, so no
	 * metadata service is called.
	 */
	private static void credentialsChain() {
		try (DefaultCredentialsProvider defaults = DefaultCredentialsProvider.builder().build();
				AwsCredentialsProviderChain chain = AwsCredentialsProviderChain.builder()
					.credentialsProviders(SystemPropertyCredentialsProvider.create(),
							EnvironmentVariableCredentialsProvider.create(),
							WebIdentityTokenFileCredentialsProvider.create(),
							ProfileCredentialsProvider.builder().build(),
							ContainerCredentialsProvider.builder().build(),
							InstanceProfileCredentialsProvider.builder().build())
					.build()) {
			// Closing the chain closes its providers.
		}
		catch (RuntimeException ex) {
			// A provider that cannot be built here fails the same way, and is reported,
			// when the application's chain builds it: the rest of the warm-up goes on.
		}
	}

	/** Signs a request as the client does, with the signer it uses. */
	private static void sign(URI endpoint) {
		SdkHttpFullRequest request = SdkHttpFullRequest.builder()
			.method(SdkHttpMethod.POST)
			.uri(endpoint)
			.putHeader("Content-Type", "application/x-amz-json-1.1")
			.putHeader("X-Amz-Target", "secretsmanager.GetSecretValue")
			.build();
		AwsV4HttpSigner.create()
			.sign((signing) -> signing.request(request)
				.payload(ContentStreamProvider
					.fromUtf8String("{\"SecretId\":\"" + CannedSecretsManager.SECRET_ID + "\"}"))
				.identity(AwsCredentialsIdentity.create("preload", "preload"))
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "secretsmanager")
				.putProperty(AwsV4HttpSigner.REGION_NAME, Region.US_EAST_1.id()));
	}

	/** The responses' model, which reading an answer fills. */
	private static boolean responses() {
		String id = CannedSecretsManager.SECRET_ID;
		BatchGetSecretValueResponse batch = BatchGetSecretValueResponse.builder()
			.secretValues(SecretValueEntry.builder()
				.name(id)
				.arn(id)
				.versionId("v1")
				.versionStages("AWSCURRENT")
				.secretString("{}")
				.createdDate(Instant.EPOCH)
				.build())
			.errors(APIErrorType.builder().secretId(id).errorCode("preload").message("preload").build())
			.build();
		// Its builder and copiers, the fields being those of the entry above.
		GetSecretValueResponse single = GetSecretValueResponse.builder()
			.name(id)
			.versionStages("AWSCURRENT")
			.createdDate(Instant.EPOCH)
			.build();
		return batch.secretValues().size() == 1 && single.toBuilder().build().equals(single);
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

}
