package io.github.secretsspringboot.test.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves the AWS JSON 1.1 protocol: {@code POST /} with {@code X-Amz-Target:
 * secretsmanager.<Operation>}, a JSON body, and a JSON answer or error document. Injected
 * latency delays the answer on a scheduler instead of holding a server thread.
 */
final class SecretsManagerHttpHandler implements HttpHandler {

	static final String CONTENT_TYPE = "application/x-amz-json-1.1";

	private static final String TARGET_PREFIX = "secretsmanager.";

	private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");

	private static final Logger logger = LoggerFactory.getLogger(SecretsManagerHttpHandler.class);

	private final ObjectMapper json;

	private final OperationRegistry operations;

	private final SecretStore store;

	private final EmulatorControl control;

	private final RotationService rotations;

	private final ScheduledExecutorService scheduler;

	private final HttpHandler controlHandler;

	private final EmulatorEvents events;

	SecretsManagerHttpHandler(ObjectMapper json, OperationRegistry operations, SecretStore store,
			EmulatorControl control, RotationService rotations, ScheduledExecutorService scheduler,
			HttpHandler controlHandler, EmulatorEvents events) {
		this.json = json;
		this.operations = operations;
		this.store = store;
		this.control = control;
		this.rotations = rotations;
		this.scheduler = scheduler;
		this.controlHandler = controlHandler;
		this.events = events;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		if (exchange.getRequestURI().getPath().startsWith(EmulatorControlHttpHandler.PATH_PREFIX)) {
			this.controlHandler.handle(exchange);
			return;
		}
		byte[] requestBody;
		try (InputStream in = exchange.getRequestBody()) {
			requestBody = in.readAllBytes();
		}
		String operationName = operationName(exchange);
		if (operationName != null) {
			this.control.countRequest(operationName);
		}
		FaultKind fault = (operationName != null) ? this.control.faultFor(operationName) : null;
		Duration delay = this.control.latency();
		if (fault == FaultKind.CONNECTION_RESET) {
			// Closing before any response header drops the connection: the client sees an
			// I/O error.
			later(delay, exchange::close);
			return;
		}
		if (fault == FaultKind.TIMEOUT) {
			delay = delay.plus(this.control.timeoutDelay());
		}
		Answer answer = answer(exchange, operationName, requestBody, fault);
		if (fault == FaultKind.LOST_RESPONSE) {
			// Applied, and the answer dropped before any response header.
			later(delay, exchange::close);
			return;
		}
		later(delay, () -> send(exchange, answer));
	}

	private Answer answer(HttpExchange exchange, String operationName, byte[] requestBody, FaultKind fault) {
		try {
			if (!"POST".equals(exchange.getRequestMethod())) {
				throw new EmulatorServiceException("InvalidAction", 400,
						"Secrets Manager operations are sent as POST requests");
			}
			if (operationName == null) {
				throw SecretsManagerErrors
					.unknownOperation(String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target")));
			}
			Operation operation = this.operations.find(operationName)
				.orElseThrow(() -> SecretsManagerErrors.unknownOperation(TARGET_PREFIX + operationName));
			SignatureCheck.check(exchange.getRequestHeaders());
			if (fault == FaultKind.THROTTLING) {
				throw SecretsManagerErrors.throttling();
			}
			if (fault == FaultKind.INTERNAL_SERVICE_ERROR || fault == FaultKind.TIMEOUT) {
				throw SecretsManagerErrors.internalServiceError();
			}
			JsonNode body = parse(requestBody);
			Request request = new Request(body);
			OperationContext context = new OperationContext(operationName, this.store, this.control, this.rotations);
			SecretEventDocuments.Caller caller = caller(exchange);
			ObjectNode result = this.store.locked(() -> {
				Map<String, Set<String>> labelsBefore = EmulatorEvents.labels(secretNamed(operationName, body));
				ObjectNode response = operation.invoke(request, context);
				this.events.operationCompleted(operationName, body, response, caller, labelsBefore,
						secretNamed(operationName, body), context.now());
				return response;
			});
			return new Answer(200, null, this.json.writeValueAsBytes(result));
		}
		catch (EmulatorServiceException ex) {
			return error(ex);
		}
		catch (RuntimeException ex) {
			logger.error("Emulator failed to serve {}", operationName, ex);
			return error(SecretsManagerErrors.internalServiceError());
		}
	}

	/** The secret a request names, if it exists; for CreateSecret, once created. */
	private @Nullable StoredSecret secretNamed(String operationName, JsonNode body) {
		if ("CreateSecret".equals(operationName)) {
			JsonNode name = body.get("Name");
			return (name != null && name.isString()) ? this.store.byName(name.asString()).orElse(null) : null;
		}
		JsonNode secretId = body.get("SecretId");
		return (secretId != null && secretId.isString()) ? this.store.find(secretId.asString()).orElse(null) : null;
	}

	private static SecretEventDocuments.Caller caller(HttpExchange exchange) {
		String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		String accessKeyId = "";
		if (authorization != null) {
			Matcher credential = CREDENTIAL.matcher(authorization);
			if (credential.find()) {
				accessKeyId = credential.group(1);
			}
		}
		return new SecretEventDocuments.Caller(exchange.getRemoteAddress().getAddress().getHostAddress(),
				(userAgent != null) ? userAgent : "", accessKeyId);
	}

	private JsonNode parse(byte[] requestBody) {
		if (requestBody.length == 0) {
			return this.json.createObjectNode();
		}
		try {
			JsonNode body = this.json.readTree(requestBody);
			if (!body.isObject()) {
				throw SecretsManagerErrors.serialization("The request body must be a JSON object");
			}
			return body;
		}
		catch (JacksonException ex) {
			throw SecretsManagerErrors.serialization("The request body is not valid JSON");
		}
	}

	private Answer error(EmulatorServiceException ex) {
		ObjectNode body = this.json.createObjectNode();
		body.put("__type", ex.errorCode());
		body.put("Message", ex.getMessage());
		return new Answer(ex.httpStatus(), ex.errorCode(), this.json.writeValueAsBytes(body));
	}

	private static String operationName(HttpExchange exchange) {
		String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
		if (target == null || !target.startsWith(TARGET_PREFIX) || target.length() == TARGET_PREFIX.length()) {
			return null;
		}
		return target.substring(TARGET_PREFIX.length());
	}

	private void later(Duration delay, Runnable action) {
		if (delay.isZero()) {
			action.run();
		}
		else {
			this.scheduler.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private static void send(HttpExchange exchange, Answer answer) {
		try (exchange; OutputStream out = exchange.getResponseBody()) {
			exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
			exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
			if (answer.errorType() != null) {
				exchange.getResponseHeaders().set("x-amzn-ErrorType", answer.errorType());
			}
			exchange.sendResponseHeaders(answer.status(), answer.body().length);
			out.write(answer.body());
		}
		catch (IOException ex) {
			// The client went away (for example after its own timeout); nothing to
			// answer.
			logger.debug("Could not send a response: {}", ex.toString());
		}
	}

	private record Answer(int status, String errorType, byte[] body) {
	}

}
