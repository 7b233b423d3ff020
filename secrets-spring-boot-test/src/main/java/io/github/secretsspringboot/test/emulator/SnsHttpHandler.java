package io.github.secretsspringboot.test.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the SNS Query protocol on the emulator's endpoint: form-encoded requests with an
 * {@code Action} parameter, XML answers and {@code ErrorResponse} documents as SNS sends
 * them. Requests of other services go on to the next handler.
 */
final class SnsHttpHandler implements HttpHandler {

	private static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

	private static final int PAGE_SIZE = 100;

	private static final Logger logger = LoggerFactory.getLogger(SnsHttpHandler.class);

	private final EmulatorTopics topics;

	private final HttpHandler next;

	SnsHttpHandler(EmulatorTopics topics, HttpHandler next) {
		this.topics = topics;
		this.next = next;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		if (!isSns(exchange)) {
			this.next.handle(exchange);
			return;
		}
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		parse(exchange.getRequestURI().getRawQuery(), parameters);
		parse(new String(body, StandardCharsets.UTF_8), parameters);
		String action = parameters.getOrDefault("Action", "");
		String requestId = UUID.randomUUID().toString();
		int status = 200;
		String xml;
		try {
			xml = response(action, answer(action, parameters), requestId);
		}
		catch (EmulatorServiceException ex) {
			status = ex.httpStatus();
			xml = error(ex, requestId);
		}
		catch (RuntimeException ex) {
			logger.error("Emulator failed to serve SNS {}", action, ex);
			status = 500;
			xml = error(new EmulatorServiceException("InternalError", 500, "Internal error"), requestId);
		}
		byte[] answer = xml.getBytes(StandardCharsets.UTF_8);
		try (exchange; OutputStream out = exchange.getResponseBody()) {
			exchange.getResponseHeaders().set("Content-Type", "text/xml");
			exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
			exchange.sendResponseHeaders(status, answer.length);
			out.write(answer);
		}
	}

	/**
	 * SNS requests are form-encoded, without the {@code X-Amz-Target} of JSON protocols,
	 * and signed for the {@code sns} service.
	 */
	static boolean isSns(HttpExchange exchange) {
		if (exchange.getRequestHeaders().getFirst("X-Amz-Target") != null) {
			return false;
		}
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization != null && authorization.contains("/sns/aws4_request")) {
			return true;
		}
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		return contentType != null && contentType.startsWith("application/x-www-form-urlencoded")
				&& !exchange.getRequestURI().getPath().startsWith(EmulatorControlHttpHandler.PATH_PREFIX);
	}

	private String answer(String action, Map<String, String> parameters) {
		return switch (action) {
			case "CreateTopic" -> element("TopicArn", this.topics.createTopic(required(parameters, "Name")));
			case "DeleteTopic" -> {
				String topicArn = required(parameters, "TopicArn");
				this.topics.checkAllowed(action, topicArn);
				this.topics.deleteTopic(topicArn);
				yield "";
			}
			case "GetTopicAttributes" -> {
				String topicArn = required(parameters, "TopicArn");
				this.topics.checkAllowed(action, topicArn);
				yield attributes(this.topics.topicAttributes(topicArn));
			}
			case "Subscribe" -> {
				String topicArn = required(parameters, "TopicArn");
				this.topics.checkAllowed(action, topicArn);
				yield element("SubscriptionArn", this.topics.subscribe(topicArn, required(parameters, "Protocol"),
						required(parameters, "Endpoint"), map(parameters, "Attributes.entry.", "key", "value")));
			}
			case "Unsubscribe" -> {
				String subscriptionArn = required(parameters, "SubscriptionArn");
				this.topics.checkAllowed(action, topicOf(subscriptionArn));
				this.topics.unsubscribe(subscriptionArn);
				yield "";
			}
			case "ListSubscriptionsByTopic" -> listSubscriptions(parameters);
			case "GetSubscriptionAttributes" -> {
				String subscriptionArn = required(parameters, "SubscriptionArn");
				this.topics.checkAllowed(action, topicOf(subscriptionArn));
				yield attributes(this.topics.subscriptionAttributes(subscriptionArn));
			}
			case "SetSubscriptionAttributes" -> {
				String subscriptionArn = required(parameters, "SubscriptionArn");
				this.topics.checkAllowed(action, topicOf(subscriptionArn));
				this.topics.setSubscriptionAttribute(subscriptionArn, required(parameters, "AttributeName"),
						parameters.getOrDefault("AttributeValue", ""));
				yield "";
			}
			case "Publish" -> publish(parameters);
			default -> throw SnsErrors.invalidAction(action);
		};
	}

	private String listSubscriptions(Map<String, String> parameters) {
		String topicArn = required(parameters, "TopicArn");
		this.topics.checkAllowed("ListSubscriptionsByTopic", topicArn);
		List<EmulatorTopics.Subscription> all = this.topics.subscriptions(topicArn);
		int from = 0;
		String token = parameters.get("NextToken");
		if (token != null) {
			try {
				from = Integer.parseInt(token);
			}
			catch (NumberFormatException ex) {
				throw SnsErrors.invalidParameter("NextToken");
			}
		}
		StringBuilder xml = new StringBuilder("<Subscriptions>");
		for (EmulatorTopics.Subscription subscription : all.subList(Math.min(from, all.size()),
				Math.min(from + PAGE_SIZE, all.size()))) {
			xml.append("<member>")
				.append(element("TopicArn", subscription.topicArn()))
				.append(element("Protocol", subscription.protocol()))
				.append(element("SubscriptionArn", subscription.subscriptionArn()))
				.append(element("Owner", ownerOf(topicArn)))
				.append(element("Endpoint", subscription.endpoint()))
				.append("</member>");
		}
		xml.append("</Subscriptions>");
		if (from + PAGE_SIZE < all.size()) {
			xml.append(element("NextToken", Integer.toString(from + PAGE_SIZE)));
		}
		return xml.toString();
	}

	private String publish(Map<String, String> parameters) {
		String topicArn = parameters.get("TopicArn");
		if (topicArn == null) {
			topicArn = required(parameters, "TargetArn");
		}
		this.topics.checkAllowed("Publish", topicArn);
		String message = parameters.get("Message");
		if (message == null) {
			throw SnsErrors.missingParameter("Message");
		}
		Map<String, EmulatorTopics.MessageAttribute> attributes = new LinkedHashMap<>();
		for (int i = 1; parameters.containsKey("MessageAttributes.entry." + i + ".Name"); i++) {
			String prefix = "MessageAttributes.entry." + i + ".";
			String dataType = parameters.get(prefix + "Value.DataType");
			if (dataType == null) {
				throw SnsErrors.invalidParameter("The message attribute '" + parameters.get(prefix + "Name")
						+ "' must contain non-empty message attribute type.");
			}
			attributes.put(parameters.get(prefix + "Name"),
					new EmulatorTopics.MessageAttribute(dataType, parameters.get(prefix + "Value.StringValue")));
		}
		return element("MessageId", this.topics.publish(topicArn, message, parameters.get("Subject"), attributes));
	}

	private static String topicOf(String subscriptionArn) {
		int last = subscriptionArn.lastIndexOf(':');
		return (last > 0) ? subscriptionArn.substring(0, last) : subscriptionArn;
	}

	private static String ownerOf(String topicArn) {
		String[] parts = topicArn.split(":");
		return (parts.length > 4) ? parts[4] : "";
	}

	private static String required(Map<String, String> parameters, String name) {
		String value = parameters.get(name);
		if (value == null || value.isEmpty()) {
			throw SnsErrors.missingParameter(name);
		}
		return value;
	}

	private static Map<String, String> map(Map<String, String> parameters, String prefix, String key, String value) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 1; parameters.containsKey(prefix + i + "." + key); i++) {
			map.put(parameters.get(prefix + i + "." + key), parameters.getOrDefault(prefix + i + "." + value, ""));
		}
		return map;
	}

	private static void parse(@Nullable String form, Map<String, String> parameters) {
		if (form == null || form.isEmpty()) {
			return;
		}
		for (String pair : form.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
			String value = (equals < 0) ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			parameters.put(name, value);
		}
	}

	private static String attributes(Map<String, String> attributes) {
		StringBuilder xml = new StringBuilder("<Attributes>");
		attributes.forEach((key, value) -> xml.append("<entry>")
			.append(element("key", key))
			.append(element("value", value))
			.append("</entry>"));
		return xml.append("</Attributes>").toString();
	}

	private static String response(String action, String result, String requestId) {
		StringBuilder xml = new StringBuilder("<").append(action)
			.append("Response xmlns=\"")
			.append(NAMESPACE)
			.append("\">");
		if (!result.isEmpty()) {
			xml.append('<')
				.append(action)
				.append("Result>")
				.append(result)
				.append("</")
				.append(action)
				.append("Result>");
		}
		xml.append("<ResponseMetadata>").append(element("RequestId", requestId)).append("</ResponseMetadata>");
		return xml.append("</").append(action).append("Response>").toString();
	}

	private static String error(EmulatorServiceException ex, String requestId) {
		return "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error>"
				+ element("Type", (ex.httpStatus() >= 500) ? "Receiver" : "Sender") + element("Code", ex.errorCode())
				+ element("Message", String.valueOf(ex.getMessage())) + "</Error>" + element("RequestId", requestId)
				+ "</ErrorResponse>";
	}

	private static String element(String name, String value) {
		return "<" + name + ">" + escape(value) + "</" + name + ">";
	}

	static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&apos;");
				case '\r' -> escaped.append("&#xD;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
