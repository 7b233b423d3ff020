package io.github.secretsspringboot.test.sqs;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import scala.jdk.javaapi.FutureConverters;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An SQS server for tests: ElasticMQ, in-process on 127.0.0.1 and a free port, speaking
 * the SQS protocol the AWS SDK uses. Queue ARNs carry the region and account given to the
 * builder, so that they match those of the Secrets Manager emulator the events come from.
 *
 * <pre>{@code
 * try (EmbeddedSqs sqs = EmbeddedSqs.start()) {
 *     String queueUrl = sqs.createQueue("secret-events");
 * }
 * }</pre> Starting takes a second or two; one server per test class is the intended use.
 * Clients reach ElasticMQ through a small proxy, which can play an outage
 * ({@link #goDown()}) and a denied queue ({@link #deny(String)}).
 */
public final class EmbeddedSqs implements AutoCloseable {

	/** The only address the server listens on. */
	public static final String HOST = "127.0.0.1";

	/** How long {@link #close()} waits for ElasticMQ to stop. */
	static final Duration STOP_WAIT = Duration.ofSeconds(2);

	private final SQSRestServer server;

	private final SqsFaultProxy proxy;

	private final URI endpoint;

	private final String region;

	private final String accountId;

	private final SqsClient client;

	private EmbeddedSqs(Builder builder) {
		this.region = builder.region;
		this.accountId = builder.accountId;
		this.proxy = new SqsFaultProxy(HOST, builder.port, builder.accountId);
		int port = this.proxy.port();
		// ElasticMQ listens on a port of its own; queue URLs name the proxy's, as
		// clients must reach it.
		this.server = SQSRestServerBuilder.withInterface(HOST)
			.withDynamicPort()
			.withServerAddress(new NodeAddress("http", HOST, port, ""))
			.withAWSRegion(builder.region)
			.withAWSAccountId(builder.accountId)
			.start();
		int backendPort = this.server.waitUntilStarted().localAddress().getPort();
		this.proxy.start(URI.create("http://" + HOST + ":" + backendPort));
		this.endpoint = URI.create("http://" + HOST + ":" + port);
		this.client = newClient();
	}

	/**
	 * Starts a server on a free port, in region {@code us-east-1} and account
	 * {@code 123456789012}, the emulator's defaults.
	 * @return the running server
	 */
	public static EmbeddedSqs start() {
		return builder().start();
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The endpoint to give an SQS client, {@code http://127.0.0.1:<port>}.
	 * @return the endpoint
	 */
	public URI endpoint() {
		return this.endpoint;
	}

	public String region() {
		return this.region;
	}

	public String accountId() {
		return this.accountId;
	}

	/**
	 * A client of this server, shared and closed with it.
	 * @return the client
	 */
	public SqsClient client() {
		return this.client;
	}

	/**
	 * A new client of this server, which the caller closes.
	 * @return the client
	 */
	public SqsClient newClient() {
		return SqsClient.builder()
			.endpointOverride(this.endpoint)
			.region(Region.of(this.region))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.httpClient(UrlConnectionHttpClient.create())
			.build();
	}

	/**
	 * Creates a standard queue.
	 * @param name the queue's name
	 * @return the queue's URL
	 */
	public String createQueue(String name) {
		return this.client.createQueue((request) -> request.queueName(name)).queueUrl();
	}

	/**
	 * The ARN of a queue of this server, as SNS subscriptions and queue policies name it.
	 * @param name the queue's name
	 * @return the queue's ARN
	 */
	public String queueArn(String name) {
		return "arn:aws:sqs:" + this.region + ":" + this.accountId + ":" + name;
	}

	/**
	 * The attributes of a queue, such as {@code ApproximateNumberOfMessages}.
	 * @param queueUrl the queue's URL
	 * @return the attributes by name
	 */
	public Map<String, String> attributes(String queueUrl) {
		return this.client.getQueueAttributes((request) -> request.queueUrl(queueUrl).attributeNamesWithStrings("All"))
			.attributesAsStrings();
	}

	/**
	 * Plays an outage: requests in flight and every new connection are dropped without an
	 * answer, so that clients see an I/O error. Queues and their messages are kept for
	 * {@link #comeBack()}.
	 */
	public void goDown() {
		this.proxy.goDown();
	}

	/** Ends an outage {@link #goDown()} started. */
	public void comeBack() {
		this.proxy.comeBack();
	}

	/**
	 * Whether the server plays an outage.
	 * @return whether it is down
	 */
	public boolean isDown() {
		return this.proxy.isDown();
	}

	/**
	 * Denies every action on a queue, as a queue or IAM policy would: SQS answers
	 * {@code AccessDenied} (HTTP 403), which the SDK throws as an {@code SqsException}.
	 * @param queueName the queue's name
	 */
	public void deny(String queueName) {
		this.proxy.deny(queueName);
	}

	/**
	 * Allows again the actions on a queue that {@link #deny(String)} denied.
	 * @param queueName the queue's name
	 */
	public void allow(String queueName) {
		this.proxy.allow(queueName);
	}

	/** Requests the proxy is waiting on ElasticMQ for, such as long polls. */
	int requestsInFlight() {
		return this.proxy.requestsInFlight();
	}

	@Override
	public void close() {
		this.client.close();
		this.proxy.close();
		// ElasticMQ's shutdown waits for the requests it still holds, such as a long poll
		// on a queue deleted meanwhile, which it answers only at its request timeout (21
		// s): it goes on stopping in the background after a short wait.
		CompletableFuture<Object> stopped = FutureConverters.asJava(this.server.stopAndGetFuture().apply())
			.toCompletableFuture();
		try {
			stopped.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// Stopping in the background; the port clients use is the proxy's, closed.
		}
	}

	@Override
	public String toString() {
		return "EmbeddedSqs[" + this.endpoint + "]";
	}

	/**
	 * Options of an {@link EmbeddedSqs}.
	 */
	public static final class Builder {

		private int port;

		private String region = "us-east-1";

		private String accountId = "123456789012";

		private Builder() {
		}

		/**
		 * The port to listen on; 0, the default, picks a free one.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		public Builder region(String region) {
			this.region = region;
			return this;
		}

		public Builder accountId(String accountId) {
			this.accountId = accountId;
			return this;
		}

		public EmbeddedSqs start() {
			return new EmbeddedSqs(this);
		}

	}

}
