package io.github.secretsspringboot.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Client threads that use the sample application as its users would, over real HTTP,
 * until stopped: each places an order, reads it back, charges it (which signs with the
 * payment API key) and now and then lists the latest orders. Every request that does not
 * answer as it should counts as failed, described by method, path template and status or
 * exception class, never by a response body.
 */
final class HttpLoad {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private final URI base;

	private final HttpClient http;

	private final JsonMapper json = JsonMapper.builder().build();

	private final AtomicBoolean running = new AtomicBoolean();

	private final LongAdder served = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final Map<String, LongAdder> failuresByKind = new ConcurrentHashMap<>();

	private final CountDownLatch firstFailure = new CountDownLatch(1);

	private final AtomicReference<SlowRequest> longestRequest = new AtomicReference<>(new SlowRequest("none", 0, 0));

	private final Map<Long, LongAdder> servedBySecond = new ConcurrentHashMap<>();

	private ExecutorService clients;

	private volatile long startedAt;

	private volatile long stoppedAt;

	HttpLoad(URI base, HttpClient http) {
		this.base = base;
		this.http = http;
	}

	void start(int threads) {
		if (!this.running.compareAndSet(false, true)) {
			throw new IllegalStateException("Already started");
		}
		this.startedAt = System.nanoTime();
		this.clients = Executors.newFixedThreadPool(threads, DaemonThreads.named("soak-client"));
		for (int i = 0; i < threads; i++) {
			int client = i;
			this.clients.execute(() -> drive(client));
		}
	}

	/**
	 * Lets every client finish the request it is sending and waits for the threads to
	 * end.
	 * @throws IllegalStateException if they have not ended within {@code timeout}
	 */
	void stop(Duration timeout) throws InterruptedException {
		this.stoppedAt = System.nanoTime();
		this.running.set(false);
		this.clients.shutdown();
		if (!this.clients.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			this.clients.shutdownNow();
			throw new IllegalStateException("Client threads still running " + timeout + " after the load stopped");
		}
	}

	/** Waits up to {@code timeout} for a first failed request; whether there was one. */
	boolean awaitFirstFailure(Duration timeout) throws InterruptedException {
		return this.firstFailure.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	long served() {
		return this.served.sum();
	}

	long failed() {
		return this.failed.sum();
	}

	/**
	 * The slowest request, served or failed, such as {@code 812 ms (GET /orders/{id} sent
	 * at 12.3 s)}.
	 */
	String longestRequest() {
		SlowRequest slowest = this.longestRequest.get();
		return "%d ms (%s sent at %.1f s)".formatted(TimeUnit.NANOSECONDS.toMillis(slowest.tookNanos()),
				slowest.request(), slowest.sentAfterNanos() / 1e9);
	}

	/**
	 * The whole seconds from the start until the load was stopped in which no request was
	 * served, such as {@code [52, 53, 54]}: when the application stalled, if it did, even
	 * when no request failed.
	 */
	List<Long> secondsWithoutServedRequest() {
		long seconds = TimeUnit.NANOSECONDS.toSeconds(this.stoppedAt - this.startedAt);
		List<Long> idle = new ArrayList<>();
		for (long second = 0; second < seconds; second++) {
			if (!this.servedBySecond.containsKey(second)) {
				idle.add(second);
			}
		}
		return idle;
	}

	/**
	 * Failed requests by what went wrong, such as {@code POST /orders/{id}/charge
	 * answered 500}.
	 */
	Map<String, Long> failuresByKind() {
		Map<String, Long> snapshot = new TreeMap<>();
		this.failuresByKind.forEach((kind, count) -> snapshot.put(kind, count.sum()));
		return snapshot;
	}

	private void drive(int client) {
		long iteration = 0;
		while (this.running.get()) {
			iteration++;
			Long id = placeOrder(client);
			if (id != null) {
				readOrder(id);
				charge(id);
			}
			if (iteration % 8 == 0) {
				listLatest();
			}
		}
	}

	private Long placeOrder(int client) {
		String body = "{\"item\": \"soak item " + client + "\", \"quantity\": " + (1 + client % 5) + "}";
		JsonNode order = call("POST", "/orders", "/orders", HttpRequest.BodyPublishers.ofString(body), 201,
				(answer) -> answer.path("id").isNumber(), "without an order id");
		return (order != null) ? order.get("id").asLong() : null;
	}

	private void readOrder(long id) {
		call("GET", "/orders/" + id, "/orders/{id}", null, 200, (answer) -> answer.path("id").asLong() == id,
				"another order");
	}

	private void charge(long id) {
		call("POST", "/orders/" + id + "/charge", "/orders/{id}/charge", HttpRequest.BodyPublishers.noBody(), 200,
				(answer) -> answer.path("keyFingerprint").asString("").length() == 12, "without the key's fingerprint");
	}

	private void listLatest() {
		call("GET", "/orders?limit=20", "/orders?limit=20", null, 200,
				(answer) -> answer.isArray() && !answer.isEmpty(), "no orders");
	}

	/**
	 * Sends a request and counts it as served if it answered {@code expectedStatus} with
	 * a body that is {@code valid}, otherwise as failed.
	 * @return the answer if served, otherwise {@code null}
	 */
	private JsonNode call(String method, String path, String template, HttpRequest.BodyPublisher body,
			int expectedStatus, Predicate<JsonNode> valid, String invalid) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path)).timeout(REQUEST_TIMEOUT);
		if (body != null) {
			request.header("Content-Type", "application/json").method(method, body);
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		long sentAt = System.nanoTime();
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			long answeredAt = System.nanoTime();
			recordDuration(method + " " + template, sentAt, answeredAt);
			if (response.statusCode() != expectedStatus) {
				fail(method + " " + template + " answered " + response.statusCode());
				return null;
			}
			JsonNode answer = this.json.readTree(response.body());
			if (!valid.test(answer)) {
				fail(method + " " + template + " answered " + invalid);
				return null;
			}
			this.served.increment();
			this.servedBySecond
				.computeIfAbsent(TimeUnit.NANOSECONDS.toSeconds(answeredAt - this.startedAt),
						(second) -> new LongAdder())
				.increment();
			return answer;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running.set(false);
			fail(method + " " + template + " interrupted");
			return null;
		}
		catch (Exception ex) {
			recordDuration(method + " " + template, sentAt, System.nanoTime());
			fail(method + " " + template + " threw " + ex.getClass().getName());
			return null;
		}
	}

	private void recordDuration(String request, long sentAt, long answeredAt) {
		SlowRequest candidate = new SlowRequest(request, sentAt - this.startedAt, answeredAt - sentAt);
		this.longestRequest.accumulateAndGet(candidate,
				(slowest, next) -> (next.tookNanos() > slowest.tookNanos()) ? next : slowest);
	}

	private void fail(String kind) {
		this.failed.increment();
		this.failuresByKind.computeIfAbsent(kind, (key) -> new LongAdder()).increment();
		this.firstFailure.countDown();
	}

	private record SlowRequest(String request, long sentAfterNanos, long tookNanos) {
	}

}
