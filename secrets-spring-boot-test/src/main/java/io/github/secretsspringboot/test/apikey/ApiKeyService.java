package io.github.secretsspringboot.test.apikey;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP service that accepts a request only with an API key it knows, as a payment or
 * messaging provider does: {@code GET /ping} with the header {@code X-Api-Key} answers
 * 200 when the key is accepted and 401 otherwise. Keys are added with {@link #accept} and
 * revoked with {@link #revoke}, which is what a rotation function does at setSecret and
 * finishSecret; a client still holding a revoked key fails from that moment, the failure
 * event-driven refresh shortens.
 * <p>
 * Runs on {@code 127.0.0.1} on a free port, on a small pool of threads so that the
 * requests of many application instances are served at once. Accepted and rejected
 * requests are counted. Keys never appear in a response, a log line, an exception message
 * or {@link #toString()}.
 */
public final class ApiKeyService implements AutoCloseable {

	/** The header that carries the key. */
	public static final String API_KEY_HEADER = "X-Api-Key";

	private static final SecureRandom random = new SecureRandom();

	private final Set<String> keys = ConcurrentHashMap.newKeySet();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong rejected = new AtomicLong();

	private final HttpServer server;

	private final ExecutorService executor;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ApiKeyService(HttpServer server, ExecutorService executor) {
		this.server = server;
		this.executor = executor;
	}

	/** Starts a service that accepts no key yet. */
	public static ApiKeyService start() {
		HttpServer server;
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the API key service", ex);
		}
		ExecutorService executor = Executors.newFixedThreadPool(4, (task) -> {
			Thread thread = new Thread(task, "api-key-service");
			thread.setDaemon(true);
			return thread;
		});
		ApiKeyService service = new ApiKeyService(server, executor);
		server.createContext("/", service::handle);
		server.setExecutor(executor);
		server.start();
		return service;
	}

	/** A new random key, 32 random bytes in URL-safe Base64, not yet accepted. */
	public static String newKey() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return "ak_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** A new random key that the service accepts from now on. */
	public String issueKey() {
		String key = newKey();
		accept(key);
		return key;
	}

	/** Accepts {@code key} from now on; accepting a key twice is harmless. */
	public void accept(String key) {
		if (key.isEmpty()) {
			throw new IllegalArgumentException("An API key must not be empty");
		}
		this.keys.add(key);
	}

	/**
	 * Rejects {@code key} from now on; revoking a key that is not accepted is harmless.
	 */
	public void revoke(String key) {
		this.keys.remove(key);
	}

	/** Whether {@code key} is accepted, without counting a request. */
	public boolean accepts(String key) {
		return this.keys.contains(key);
	}

	/** How many keys are accepted. */
	public int acceptedKeys() {
		return this.keys.size();
	}

	/** How many requests were answered 200. */
	public long acceptedRequests() {
		return this.accepted.get();
	}

	/**
	 * How many requests were answered 401: no key, or a key not (or no longer) accepted.
	 */
	public long rejectedRequests() {
		return this.rejected.get();
	}

	/** The port the service listens on. */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/** The URI of the protected endpoint, {@code http://127.0.0.1:<port>/ping}. */
	public URI pingUri() {
		return URI.create("http://127.0.0.1:" + port() + "/ping");
	}

	/**
	 * Calls {@code GET /ping} with {@code key} as a client of the service would.
	 * @return the HTTP status: 200 when the key is accepted, 401 otherwise
	 */
	public int ping(String key) {
		HttpRequest request = HttpRequest.newBuilder(pingUri())
			.header(API_KEY_HEADER, key)
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build();
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The API key service did not answer", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while calling the API key service", ex);
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			body.readAllBytes();
			if (!"/ping".equals(exchange.getRequestURI().getPath())) {
				respond(exchange, 404, "{\"error\":\"not found\"}");
			}
			else if (!"GET".equals(exchange.getRequestMethod())) {
				exchange.getResponseHeaders().set("Allow", "GET");
				respond(exchange, 405, "{\"error\":\"method not allowed\"}");
			}
			else {
				String key = exchange.getRequestHeaders().getFirst(API_KEY_HEADER);
				if (key != null && this.keys.contains(key)) {
					this.accepted.incrementAndGet();
					respond(exchange, 200, "{\"status\":\"ok\"}");
				}
				else {
					// The answer says why, never with which key.
					this.rejected.incrementAndGet();
					respond(exchange, 401,
							(key != null) ? "{\"error\":\"invalid api key\"}" : "{\"error\":\"missing api key\"}");
				}
			}
		}
		finally {
			exchange.close();
		}
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/** Stops the service and its threads. */
	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	@Override
	public String toString() {
		return "ApiKeyService[" + pingUri() + ", " + acceptedKeys() + " accepted keys, " + acceptedRequests()
				+ " accepted and " + rejectedRequests() + " rejected requests]";
	}

}
