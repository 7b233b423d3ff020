package io.github.secretsspringboot.test.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The control API over HTTP, so that tests in any language can shape a standalone
 * emulator: {@code /_emulator/...} with JSON bodies and answers. Requests here are
 * neither counted nor delayed nor failed by the controls they set. Bad input is a 400
 * with a {@code message}.
 */
final class EmulatorControlHttpHandler implements HttpHandler {

	static final String PATH_PREFIX = "/_emulator/";

	/** A century: far enough for any recovery window or rotation schedule. */
	private static final long MAX_ADVANCE_SECONDS = Duration.ofDays(36_525).toSeconds();

	private static final Logger logger = LoggerFactory.getLogger(EmulatorControlHttpHandler.class);

	private final ObjectMapper json;

	private final EmulatorControl control;

	private final OperationRegistry operations;

	private final Function<InputStream, List<String>> seeds;

	private final Runnable clearSecrets;

	private final EmulatorEvents events;

	/** Actions by path (after the prefix), then by HTTP method. */
	private final Map<String, Map<String, Action>> routes = new LinkedHashMap<>();

	EmulatorControlHttpHandler(ObjectMapper json, EmulatorControl control, OperationRegistry operations,
			Function<InputStream, List<String>> seeds, Runnable clearSecrets, EmulatorEvents events,
			EmulatorTopics topics) {
		this.json = json;
		this.control = control;
		this.operations = operations;
		this.seeds = seeds;
		this.clearSecrets = clearSecrets;
		this.events = events;
		route("health", "GET", (request) -> object().put("status", "UP"));
		route("latency", "GET", (request) -> millis(control.latency()));
		route("latency", "POST", (request) -> millis(control.latency(duration(request)).latency()));
		route("latency", "DELETE", (request) -> millis(control.latency(Duration.ZERO).latency()));
		route("timeout-delay", "GET", (request) -> millis(control.timeoutDelay()));
		route("timeout-delay", "POST", (request) -> millis(control.timeoutDelay(duration(request)).timeoutDelay()));
		route("outage", "POST", this::startOutage);
		route("outage", "DELETE", (request) -> {
			control.endOutage();
			return object().putNull("kind");
		});
		route("faults", "POST", this::addFault);
		route("faults", "DELETE", (request) -> {
			control.clearFaults();
			return object().put("cleared", true);
		});
		route("access-denied", "POST", (request) -> {
			String secret = secret(request);
			control.denyAccess(secret);
			return object().put("secret", secret).put("denied", true);
		});
		route("access-denied", "DELETE", (request) -> {
			String secret = secret(request);
			control.allowAccess(secret);
			return object().put("secret", secret).put("denied", false);
		});
		route("decryption-failure", "POST", (request) -> {
			String secret = secret(request);
			control.failDecryption(secret);
			return object().put("secret", secret).put("decryptionFails", true);
		});
		route("decryption-failure", "DELETE", (request) -> {
			String secret = secret(request);
			control.allowDecryption(secret);
			return object().put("secret", secret).put("decryptionFails", false);
		});
		route("clock", "POST", (request) -> {
			long seconds = request.requiredLong("advanceSeconds", 0, MAX_ADVANCE_SECONDS);
			control.advanceClock(Duration.ofSeconds(seconds));
			return object().put("advancedSeconds", seconds);
		});
		route("requests", "GET", (request) -> requestCounts());
		route("requests", "DELETE", (request) -> {
			control.resetCounters();
			return requestCounts();
		});
		route("reset", "POST", (request) -> {
			control.reset();
			return object().put("reset", true);
		});
		route("seed", "POST", (request) -> {
			ObjectNode answer = object();
			ArrayNode created = answer.putArray("created");
			this.seeds.apply(request.body()).forEach(created::add);
			return answer;
		});
		route("events", "GET", (request) -> publishedEvents());
		route("events", "DELETE", (request) -> {
			events.clearPublished();
			return publishedEvents();
		});
		route("event-targets", "GET", (request) -> eventTargets());
		route("event-targets", "POST", (request) -> {
			if (request.has("topicArn")) {
				String topicArn = request.requiredString("topicArn");
				try {
					topics.subscriptions(topicArn);
				}
				catch (EmulatorServiceException ex) {
					throw new IllegalArgumentException("No topic " + topicArn + ": create it with SNS CreateTopic");
				}
				events.toTopic(topicArn);
			}
			else {
				events.toQueue(request.requiredString("queueUrl"));
			}
			return eventTargets();
		});
		route("sqs-endpoint", "GET", (request) -> sqsEndpoint(topics));
		route("sqs-endpoint", "POST", (request) -> {
			topics.sqsEndpoint(EmulatorOptions.endpoint(request.requiredString("endpoint"), "\"endpoint\""));
			return sqsEndpoint(topics);
		});
		route("event-targets", "DELETE", (request) -> {
			events.clearTargets();
			return eventTargets();
		});
		route("secrets", "DELETE", (request) -> {
			this.clearSecrets.run();
			return object().put("cleared", true);
		});
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		String path = exchange.getRequestURI().getPath().substring(PATH_PREFIX.length());
		if (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		Map<String, Action> methods = this.routes.get(path);
		if (methods == null) {
			send(exchange, 404,
					message("No control endpoint " + PATH_PREFIX + path + "; endpoints are " + this.routes.keySet()));
			return;
		}
		Action action = methods.get(exchange.getRequestMethod());
		if (action == null) {
			exchange.getResponseHeaders().set("Allow", String.join(", ", methods.keySet()));
			send(exchange, 405, message(PATH_PREFIX + path + " accepts " + String.join(", ", methods.keySet())));
			return;
		}
		try {
			send(exchange, 200, action.apply(new ControlRequest(this.json, body)));
		}
		catch (IllegalArgumentException ex) {
			send(exchange, 400, message(ex.getMessage()));
		}
		catch (RuntimeException ex) {
			logger.error("Emulator control request {} {} failed", exchange.getRequestMethod(), path, ex);
			send(exchange, 500, message("The control request failed: " + ex.getClass().getSimpleName()));
		}
	}

	private void route(String path, String method, Action action) {
		this.routes.computeIfAbsent(path, (key) -> new LinkedHashMap<>()).put(method, action);
	}

	private ObjectNode startOutage(ControlRequest request) {
		FaultKind kind = request.enumValue("kind", FaultKind.class, FaultKind.CONNECTION_RESET);
		this.control.outage(kind);
		return object().put("kind", kind.name());
	}

	private ObjectNode addFault(ControlRequest request) {
		FaultKind kind = request.enumValue("kind", FaultKind.class, null);
		List<String> names = request.strings("operations");
		for (String name : names) {
			if (this.operations.find(name).isEmpty()) {
				throw new IllegalArgumentException("The emulator serves no operation named \"" + name + "\"");
			}
		}
		ObjectNode answer = object().put("kind", kind.name());
		if (request.has("count")) {
			int count = (int) request.requiredLong("count", 0, Integer.MAX_VALUE);
			this.control.failNextRequests(kind, count, names.toArray(String[]::new));
			answer.put("count", count);
		}
		else {
			double rate = request.requiredDouble("rate", 0.0, 1.0);
			this.control.failRequests(kind, rate, names.toArray(String[]::new));
			answer.put("rate", rate);
		}
		ArrayNode list = answer.putArray("operations");
		names.forEach(list::add);
		return answer;
	}

	private static Duration duration(ControlRequest request) {
		return Duration.ofMillis(request.requiredLong("millis", 0, Integer.MAX_VALUE));
	}

	private static String secret(ControlRequest request) {
		return request.requiredString("secret");
	}

	private ObjectNode millis(Duration duration) {
		return object().put("millis", duration.toMillis());
	}

	private ObjectNode publishedEvents() {
		List<String> published = this.events.published();
		ObjectNode answer = object().put("count", published.size());
		ArrayNode list = answer.putArray("events");
		published.forEach((event) -> list.add(this.json.readTree(event)));
		answer.put("failedDeliveries", this.events.failedDeliveries().size());
		return answer;
	}

	private ObjectNode sqsEndpoint(EmulatorTopics topics) {
		URI endpoint = topics.sqsEndpoint();
		return (endpoint != null) ? object().put("endpoint", endpoint.toString()) : object().putNull("endpoint");
	}

	private ObjectNode eventTargets() {
		ObjectNode answer = object();
		ArrayNode list = answer.putArray("targets");
		this.events.targets().forEach((target) -> list.add(target.toString()));
		return answer;
	}

	private ObjectNode requestCounts() {
		ObjectNode answer = object().put("total", this.control.totalRequests());
		ObjectNode byOperation = answer.putObject("operations");
		this.control.requestCounts().forEach(byOperation::put);
		return answer;
	}

	private ObjectNode message(String message) {
		return object().put("message", message);
	}

	private ObjectNode object() {
		return this.json.createObjectNode();
	}

	private void send(HttpExchange exchange, int status, ObjectNode answer) throws IOException {
		byte[] bytes = this.json.writeValueAsBytes(answer);
		try (exchange; OutputStream out = exchange.getResponseBody()) {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			out.write(bytes);
		}
	}

	/** One control action; its answer is sent as JSON with status 200. */
	@FunctionalInterface
	private interface Action {

		ObjectNode apply(ControlRequest request);

	}

}
