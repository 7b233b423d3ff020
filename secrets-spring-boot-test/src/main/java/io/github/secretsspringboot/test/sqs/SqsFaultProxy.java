package io.github.secretsspringboot.test.sqs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP proxy in front of ElasticMQ that can play an SQS outage (connections dropped
 * without an answer, queues and messages kept) and an access policy that denies a queue
 * (the {@code AccessDenied} error SQS answers). Its port is the server's public endpoint,
 * so every client goes through it.
 */
final class SqsFaultProxy implements AutoCloseable {

	static {
		// Without it the JDK's HTTP server waits for the client's delayed ACK before each
		// response body: about 40 ms added to every SQS call. Read once per JVM, when
		// the first server starts.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	/** Headers the JDK client sets itself, or that describe one hop only. */
	private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
			"transfer-encoding", "keep-alive");

	private static final Logger logger = LoggerFactory.getLogger(SqsFaultProxy.class);

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService threads;

	private final HttpClient client;

	private final String accountId;

	private volatile @Nullable URI backend;

	private volatile boolean down;

	private final Set<String> deniedQueues = ConcurrentHashMap.newKeySet();

	private final Map<HttpExchange, Forwarded> inFlight = new ConcurrentHashMap<>();

	/** Long polls to answer empty, their queue deleted while they waited. */
	private final Set<HttpExchange> endedPolls = ConcurrentHashMap.newKeySet();

	SqsFaultProxy(String host, int port, String accountId) {
		this.accountId = accountId;
		this.threads = Executors.newCachedThreadPool(daemonThreads());
		this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(this.threads).build();
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 256);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not bind the SQS server to port " + port, ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.threads);
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	void start(URI backend) {
		this.backend = backend;
		this.server.start();
	}

	/** Drops every request in flight, and from now on every connection. */
	void goDown() {
		this.down = true;
		this.inFlight.forEach((exchange, forwarded) -> {
			forwarded.response().cancel(true);
			exchange.close();
		});
	}

	void comeBack() {
		this.down = false;
	}

	boolean isDown() {
		return this.down;
	}

	int requestsInFlight() {
		return this.inFlight.size();
	}

	void deny(String queueName) {
		this.deniedQueues.add(queueName);
	}

	void allow(String queueName) {
		this.deniedQueues.remove(queueName);
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		if (this.down) {
			// Closing before any response header drops the connection.
			exchange.close();
			return;
		}
		String queue = queueName(exchange, body);
		if (queue != null && this.deniedQueues.contains(queue)) {
			deny(exchange, queue);
			return;
		}
		forward(exchange, body, queue);
	}

	private void forward(HttpExchange exchange, byte[] body, @Nullable String queue) {
		URI target = URI.create(String.valueOf(this.backend) + exchange.getRequestURI().toString());
		HttpRequest.Builder request = HttpRequest.newBuilder(target)
			.method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
		exchange.getRequestHeaders().forEach((name, values) -> {
			if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
				values.forEach((value) -> request.header(name, value));
			}
		});
		CompletableFuture<HttpResponse<byte[]>> forwarded = this.client.sendAsync(request.build(),
				HttpResponse.BodyHandlers.ofByteArray());
		String action = action(exchange, body);
		this.inFlight.put(exchange, new Forwarded(queue, action, forwarded));
		forwarded.whenComplete((response, failure) -> {
			this.inFlight.remove(exchange);
			if (this.endedPolls.remove(exchange) && !this.down) {
				sendNoMessages(exchange);
				return;
			}
			if (failure != null || this.down) {
				exchange.close();
				return;
			}
			if (queue != null && "deletequeue".equals(action) && response.statusCode() == 200) {
				endPolls(queue);
			}
			send(exchange, response.statusCode(), response.headers().map(), response.body());
		});
		if (this.down) {
			forwarded.cancel(true);
		}
	}

	/**
	 * Ends the long polls waiting on a deleted queue with no messages, as SQS does;
	 * ElasticMQ would hold them until its request timeout, and its shutdown with them.
	 */
	private void endPolls(String queue) {
		this.inFlight.forEach((exchange, forwarded) -> {
			if (queue.equals(forwarded.queue()) && "receivemessage".equals(forwarded.action())) {
				this.endedPolls.add(exchange);
				if (!forwarded.response().cancel(true)) {
					this.endedPolls.remove(exchange);
				}
			}
		});
	}

	private static void sendNoMessages(HttpExchange exchange) {
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		if (contentType != null && contentType.contains("json")) {
			send(exchange, 200, Map.of("Content-Type", List.of("application/x-amz-json-1.0")),
					"{}".getBytes(StandardCharsets.UTF_8));
			return;
		}
		String xml = "<?xml version=\"1.0\"?><ReceiveMessageResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
				+ "<ReceiveMessageResult/><ResponseMetadata><RequestId>" + UUID.randomUUID()
				+ "</RequestId></ResponseMetadata></ReceiveMessageResponse>";
		send(exchange, 200, Map.of("Content-Type", List.of("text/xml")), xml.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * SQS over the JSON protocol answers a denied action with a 403, a {@code __type} and
	 * the query error code the SDK reports, {@code AccessDenied}.
	 */
	private void deny(HttpExchange exchange, String queue) {
		String action = action(exchange);
		String message = "User: arn:aws:iam::" + this.accountId + ":user/test is not authorized to perform: sqs:"
				+ action + " on resource: arn:aws:sqs:*:" + this.accountId + ":" + queue
				+ " because no identity-based policy allows the sqs:" + action + " action";
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		if (contentType != null && contentType.contains("json")) {
			Map<String, List<String>> headers = Map.of("Content-Type", List.of("application/x-amz-json-1.0"),
					"x-amzn-query-error", List.of("AccessDenied;Sender"));
			byte[] body = this.json.writeValueAsBytes(
					Map.of("__type", "com.amazon.coral.service#AccessDeniedException", "message", message));
			send(exchange, 403, headers, body);
			return;
		}
		String xml = "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
				+ "<Error><Type>Sender</Type><Code>AccessDenied</Code><Message>" + message + "</Message>"
				+ "<Detail/></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
		send(exchange, 403, Map.of("Content-Type", List.of("text/xml")), xml.getBytes(StandardCharsets.UTF_8));
	}

	private static void send(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body) {
		try (exchange; OutputStream out = exchange.getResponseBody()) {
			headers.forEach((name, values) -> {
				if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
					exchange.getResponseHeaders().put(name, values);
				}
			});
			exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
			out.write(body);
		}
		catch (IOException ex) {
			logger.debug("Could not answer an SQS request: {}", ex.toString());
		}
	}

	/** The queue a request acts on: its {@code QueueUrl} or {@code QueueName}. */
	private @Nullable String queueName(HttpExchange exchange, byte[] body) {
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		if (contentType != null && contentType.contains("json")) {
			try {
				JsonNode request = this.json.readTree(body);
				JsonNode url = request.get("QueueUrl");
				if (url != null && url.isString()) {
					return lastSegment(url.asString());
				}
				JsonNode name = request.get("QueueName");
				return (name != null && name.isString()) ? name.asString() : null;
			}
			catch (JacksonException ex) {
				return null;
			}
		}
		for (String parameter : new String(body, StandardCharsets.UTF_8).split("&")) {
			int equals = parameter.indexOf('=');
			if (equals > 0) {
				String name = parameter.substring(0, equals);
				String value = URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
				if ("QueueUrl".equals(name)) {
					return lastSegment(value);
				}
				if ("QueueName".equals(name)) {
					return value;
				}
			}
		}
		// The query protocol may also post to the queue's URL.
		String path = exchange.getRequestURI().getPath();
		return (path.length() > 1) ? lastSegment(path) : null;
	}

	private static String action(HttpExchange exchange) {
		String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
		String action = (target != null) ? target.substring(target.indexOf('.') + 1) : "*";
		return action.toLowerCase(Locale.ROOT);
	}

	/** The action, from the JSON protocol's target or the query protocol's body. */
	private static String action(HttpExchange exchange, byte[] body) {
		String action = action(exchange);
		if (!"*".equals(action)) {
			return action;
		}
		for (String parameter : new String(body, StandardCharsets.UTF_8).split("&")) {
			if (parameter.startsWith("Action=")) {
				return parameter.substring("Action=".length()).toLowerCase(Locale.ROOT);
			}
		}
		return action;
	}

	private static String lastSegment(String url) {
		String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		return trimmed.substring(trimmed.lastIndexOf('/') + 1);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.inFlight.values().forEach((forwarded) -> forwarded.response().cancel(true));
		this.threads.shutdownNow();
	}

	/** A request forwarded to ElasticMQ, waiting for its answer. */
	private record Forwarded(@Nullable String queue, String action, CompletableFuture<?> response) {

	}

	private static java.util.concurrent.ThreadFactory daemonThreads() {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "embedded-sqs-proxy-" + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
