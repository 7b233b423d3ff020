package io.github.secretsspringboot.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.bootstrap.BootstrapRegistryInitializer;

/**
 * Loads the classes of the Secrets Manager client and of its request path on background
 * threads as soon as the application starts running, so that loading secrets in the
 * config-data phase finds them ready. On a cold JVM, building the first SDK client and
 * sending its first request is mostly class loading: done here, it overlaps with Spring
 * Boot's own start-up on another core instead of adding to it.
 * <p>
 * One thread builds a throwaway client and runs its requests. Another prepares,
 * meanwhile, what the application's request needs from the JDK and outside the SDK's
 * client, none of which the first thread's path touches before it is well under way: the
 * JDK's cryptography for signing (finding the HMAC in the security providers alone takes
 * tens of milliseconds), its HTTP connection, the default credentials chain, streaming
 * Jackson; then the end of the request path through public API, ahead of the first
 * thread: signing with the client's signer, and the responses' model. Class loading being
 * sequential on each thread, the two together finish far sooner than one would.
 * <p>
 * Nothing leaves the process: the throwaway client's requests are answered in memory with
 * canned responses, so that reading a response is warmed up as well as sending a request,
 * and no connection is ever opened. Set the system property
 * {@code aws.secrets.preload=false} to turn it off.
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

	/**
	 * The default credentials chain, which the application's client builds on its first
	 * request and the throwaway one (static credentials) never does. Loaded only: no
	 * provider is created, none is asked for credentials.
	 */
	private static final String[] CREDENTIALS_CHAIN = {
			"software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider",
			"software.amazon.awssdk.auth.credentials.internal.LazyAwsCredentialsProvider",
			"software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain",
			"software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain$BuilderImpl",
			"software.amazon.awssdk.auth.credentials.internal.SystemSettingsCredentialsProvider",
			"software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider",
			"software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider",
			"software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider",
			"software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider$BuilderImpl",
			"software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider",
			"software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider$BuilderImpl",
			"software.amazon.awssdk.auth.credentials.HttpCredentialsProvider",
			"software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider",
			"software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider$BuilderImpl",
			"software.amazon.awssdk.auth.credentials.internal.HttpCredentialsLoader",
			"software.amazon.awssdk.regions.util.ResourcesEndpointProvider",
			"software.amazon.awssdk.utils.cache.CachedSupplier",
			"software.amazon.awssdk.utils.cache.CachedSupplier$Builder",
			"software.amazon.awssdk.utils.cache.CachedSupplier$StaleValueBehavior",
			"software.amazon.awssdk.utils.cache.RefreshResult", "software.amazon.awssdk.utils.cache.OneCallerBlocks",
			"software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider",
			"software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider$BuilderImpl",
			"software.amazon.awssdk.auth.credentials.internal.Ec2MetadataConfigProvider",
			"software.amazon.awssdk.auth.credentials.internal.Ec2MetadataConfigProvider$Builder" };

	/**
	 * What sending a request over the JDK's HTTP connection loads beyond an unconnected
	 * connection and socket.
	 */
	private static final String[] HTTP_CONNECTION = { "sun.net.www.http.HttpClient", "sun.net.www.http.KeepAliveCache",
			"sun.net.www.http.KeepAliveKey", "sun.net.www.http.KeepAliveStream",
			"sun.net.www.http.KeepAliveStreamCleaner", "sun.net.www.http.HttpCapture", "sun.net.www.MeteredStream",
			"sun.net.www.protocol.http.HttpURLConnection$HttpInputStream",
			"sun.net.www.protocol.http.HttpURLConnection$StreamingOutputStream",
			"sun.net.www.protocol.http.AuthCacheImpl", "sun.net.www.protocol.http.AuthenticatorKeys",
			"sun.net.www.protocol.http.AuthenticationInfo", "sun.net.NetHooks", "sun.nio.ch.SocketOptionRegistry",
			"java.net.Socket$SocketInputStream", "java.net.Socket$SocketOutputStream",
			"software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient$RequestCallable",
			"software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient$RequestCallable$IoSupplier" };

	/** The time limit of the preloading requests, which are answered at once. */
	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

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
		start("aws-secrets-preload", () -> preload(UNUSED_ENDPOINT));
		start("aws-secrets-preload-jdk", () -> preloadAroundClient(UNUSED_ENDPOINT));
	}

	private static void start(String name, Runnable preloading) {
		Thread thread = new Thread(preloading, name);
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Tells preloading the endpoint of the application's client as soon as it is known,
	 * before the client is built: for a plain-HTTP endpoint, the TLS set-up of an HTTPS
	 * client, the last step of preloading and its longest one (about 200 ms of CPU on a
	 * cold JVM), is skipped instead of competing with loading the secrets. Called by the
	 * config-data support of this starter; not meant for applications.
	 * @param endpoint the configured endpoint, or {@code null} for the SDK's
	 */
	public static void endpointKnown(@Nullable URI endpoint) {
		if (PlainHttpClientBuilder.isPlainHttp(endpoint)) {
			tlsNeeded = false;
		}
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
				// Startup requests carry a metric publisher (to count the SDK's attempts)
				// and a
				// time limit (the startup budget left): so do these.
				BatchGetSecretValueResponse batch = client
					.batchGetSecretValue((request) -> request.secretIdList(PRELOAD_SECRET_ID)
						.overrideConfiguration((override) -> override.apiCallTimeout(CALL_TIMEOUT)
							.addMetricPublisher(new DiscardedMetrics())));
				GetSecretValueResponse single = client.getSecretValue((request) -> request.secretId(PRELOAD_SECRET_ID)
					.overrideConfiguration((override) -> override.apiCallTimeout(CALL_TIMEOUT)
						.addMetricPublisher(new DiscardedMetrics())));
				answered = batch.secretValues().size() == 1 && PRELOAD_SECRET_ID.equals(single.name());
			}
			if (tlsNeeded) {
				// Last, as the endpoint may turn out to be plain HTTP: the TLS set-up of
				// the HTTPS client.
				UrlConnectionHttpClient.builder().build().close();
			}
			return answered;
		}
		catch (RuntimeException | LinkageError ex) {
			// Preloading is an optimization: whatever fails here fails again, and is
			// reported, where it matters.
			return false;
		}
	}

	/**
	 * Preloads what the application's request needs besides the client's own classes, in
	 * the order that request needs it: the credentials chain, HMAC-SHA256 and SHA-256 for
	 * signing, an HTTP connection to {@code endpoint} (never opened), and streaming
	 * Jackson, which reads the secrets' values; then, as the client's classes are loaded
	 * by now, the SigV4 signer and the responses' model, which the other thread reaches
	 * last.
	 * @return whether all of it ran
	 */
	static boolean preloadAroundClient(URI endpoint) {
		try {
			load(CREDENTIALS_CHAIN);
			byte[] bytes = PRELOAD_SECRET_ID.getBytes(StandardCharsets.UTF_8);
			Mac hmac = Mac.getInstance("HmacSHA256");
			hmac.init(new SecretKeySpec(bytes, "HmacSHA256"));
			hmac.doFinal(bytes);
			MessageDigest.getInstance("SHA-256").digest(bytes);
			prepareConnection(endpoint);
			boolean json = readJson(SECRET);
			sign(endpoint);
			return json && responses();
		}
		catch (GeneralSecurityException | IOException | RuntimeException | LinkageError ex) {
			// As for the client: what fails here fails again, and is reported, where it
			// matters.
			return false;
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
				.payload(ContentStreamProvider.fromUtf8String("{\"SecretId\":\"" + PRELOAD_SECRET_ID + "\"}"))
				.identity(AwsCredentialsIdentity.create("preload", "preload"))
				.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "secretsmanager")
				.putProperty(AwsV4HttpSigner.REGION_NAME, Region.US_EAST_1.id()));
	}

	/** The responses' model, which reading an answer fills. */
	private static boolean responses() {
		BatchGetSecretValueResponse batch = BatchGetSecretValueResponse.builder()
			.secretValues(SecretValueEntry.builder()
				.name(PRELOAD_SECRET_ID)
				.arn(PRELOAD_SECRET_ID)
				.versionId("v1")
				.versionStages("AWSCURRENT")
				.secretString("{}")
				.createdDate(Instant.EPOCH)
				.build())
			.errors(APIErrorType.builder().secretId(PRELOAD_SECRET_ID).errorCode("preload").message("preload").build())
			.build();
		// Its builder and copiers, the fields being those of the entry above.
		GetSecretValueResponse single = GetSecretValueResponse.builder()
			.name(PRELOAD_SECRET_ID)
			.versionStages("AWSCURRENT")
			.createdDate(Instant.EPOCH)
			.build();
		return batch.secretValues().size() == 1 && single.toBuilder().build().equals(single);
	}

	/**
	 * Loads what connecting to {@code endpoint} with the JDK's HTTP client takes, without
	 * connecting: a connection that is never opened, the proxy selection, a socket that
	 * is never connected.
	 */
	private static void prepareConnection(URI endpoint) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
		connection.setConnectTimeout((int) CALL_TIMEOUT.toMillis());
		ProxySelector proxies = ProxySelector.getDefault();
		if (proxies != null) {
			proxies.select(endpoint);
		}
		InetAddress.getLoopbackAddress();
		try (Socket socket = new Socket()) {
			socket.setTcpNoDelay(true);
		}
		load(HTTP_CONNECTION);
	}

	/** Loads and initializes the classes that exist, in order. */
	private static void load(String[] classNames) {
		ClassLoader classLoader = SecretsManagerClientPreloader.class.getClassLoader();
		for (String className : classNames) {
			try {
				Class.forName(className, true, classLoader);
			}
			catch (ClassNotFoundException | LinkageError ex) {
				// Another version of the SDK or of the JDK: nothing to preload there.
			}
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

	/**
	 * Answers GetSecretValue and BatchGetSecretValue in memory, as Secrets Manager would.
	 */
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
