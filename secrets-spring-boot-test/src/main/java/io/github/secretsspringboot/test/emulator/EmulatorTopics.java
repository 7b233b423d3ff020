package io.github.secretsspringboot.test.emulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The emulator's SNS topics, served on the emulator's endpoint with the SNS Query
 * protocol (an SDK {@code SnsClient} with the emulator's endpoint works): CreateTopic,
 * DeleteTopic, GetTopicAttributes, Subscribe, Unsubscribe, ListSubscriptionsByTopic,
 * Get/SetSubscriptionAttributes and Publish. Subscriptions are SQS queues, named by ARN
 * and confirmed at once as for a queue of the same account; messages reach them through
 * the real SDK {@link SqsClient} at {@link #sqsEndpoint(URI)}, in the background and in
 * publishing order, raw or in the SNS notification envelope, after the subscription's
 * filter policy.
 *
 * <pre>{@code
 * emulator.topics().sqsEndpoint(sqs.endpoint());
 * String topicArn = emulator.topics().create("secret-events");
 * }</pre>
 */
public final class EmulatorTopics implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmulatorTopics.class);

	private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");

	private static final Pattern SQS_ARN = Pattern
		.compile("arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\\d{12}):([A-Za-z0-9_-]{1,80})");

	private static final Set<String> SUBSCRIPTION_ATTRIBUTES = Set.of("RawMessageDelivery", "FilterPolicy",
			"FilterPolicyScope", "DeliveryPolicy", "RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy");

	static final int MAX_MESSAGE_BYTES = 256 * 1024;

	/** SNS's default quota of subscriptions with a filter policy per topic. */
	public static final int DEFAULT_FILTER_POLICY_LIMIT = 200;

	private final String region;

	private final String accountId;

	private final ObjectMapper json;

	private final Map<String, Topic> topics = new LinkedHashMap<>();

	private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

	private final Map<String, FilterPolicy> filters = new ConcurrentHashMap<>();

	private final Set<String> denied = ConcurrentHashMap.newKeySet();

	private final List<String> failedDeliveries = Collections.synchronizedList(new ArrayList<>());

	private final ExecutorService deliveries;

	private volatile @Nullable URI sqsEndpoint;

	private volatile int filterPolicyLimit = DEFAULT_FILTER_POLICY_LIMIT;

	private @Nullable SqsClient sqs;

	private @Nullable URI sqsClientEndpoint;

	EmulatorTopics(String region, String accountId, ObjectMapper json) {
		this.region = region;
		this.accountId = accountId;
		this.json = json;
		this.deliveries = Executors.newSingleThreadExecutor(SecretsManagerEmulator.daemonThreads("sns-emulator"));
	}

	/**
	 * The SQS endpoint subscribed queues are reached at, such as {@code EmbeddedSqs}'s.
	 * Without one, deliveries fail and are recorded in {@link #failedDeliveries()}.
	 * @param endpoint the endpoint
	 * @return these topics
	 */
	public EmulatorTopics sqsEndpoint(URI endpoint) {
		this.sqsEndpoint = endpoint;
		return this;
	}

	/**
	 * The SQS endpoint subscribed queues are reached at, if set.
	 * @return the endpoint, or {@code null}
	 */
	public @Nullable URI sqsEndpoint() {
		return this.sqsEndpoint;
	}

	/**
	 * How many subscriptions of a topic may have a filter policy (SNS's quota, 200 by
	 * default); one more is refused with {@code FilterPolicyLimitExceeded}.
	 * @param limit the limit
	 * @return these topics
	 */
	public EmulatorTopics filterPolicyLimit(int limit) {
		this.filterPolicyLimit = limit;
		return this;
	}

	/**
	 * Creates a topic, or finds the one of that name, as CreateTopic does.
	 * @param name the topic's name
	 * @return its ARN
	 */
	public String create(String name) {
		return createTopic(name);
	}

	/**
	 * The subscriptions of a topic, oldest first.
	 * @param topicArn the topic
	 * @return its subscriptions
	 * @throws EmulatorServiceException {@code NotFound} if there is no such topic
	 */
	public synchronized List<Subscription> subscriptions(String topicArn) {
		return List.copyOf(topic(topicArn).subscriptions.stream().map(this.subscriptions::get).toList());
	}

	/**
	 * Publishes a message as Publish does, bypassing {@link #deny(String)}.
	 * @param topicArn the topic
	 * @param message the message
	 * @return the message id
	 */
	public String publish(String topicArn, String message) {
		return publish(topicArn, message, null, Map.of());
	}

	/**
	 * The messages published to a topic so far, oldest first.
	 * @param topicArn the topic
	 * @return the messages
	 */
	public synchronized List<String> published(String topicArn) {
		return List.copyOf(topic(topicArn).published);
	}

	/**
	 * Answers {@code AuthorizationError} to every request about this topic until
	 * {@link #allow(String)}, as SNS answers a caller whose policy lacks the action.
	 * @param topicArn the topic
	 * @return these topics
	 */
	public EmulatorTopics deny(String topicArn) {
		this.denied.add(topicArn);
		return this;
	}

	public EmulatorTopics allow(String topicArn) {
		this.denied.remove(topicArn);
		return this;
	}

	/**
	 * Deliveries that failed, such as to a queue that does not exist, each described by
	 * subscription and cause (never by message).
	 * @return the failures, oldest first
	 */
	public List<String> failedDeliveries() {
		synchronized (this.failedDeliveries) {
			return List.copyOf(this.failedDeliveries);
		}
	}

	@Override
	public synchronized void close() {
		this.deliveries.shutdownNow();
		if (this.sqs != null) {
			this.sqs.close();
			this.sqs = null;
		}
	}

	// Operations of the HTTP handler

	void checkAllowed(String action, String topicArn) {
		if (this.denied.contains(topicArn)) {
			throw SnsErrors.authorizationError(action, topicArn);
		}
	}

	synchronized String createTopic(String name) {
		if (!TOPIC_NAME.matcher(name).matches()) {
			throw SnsErrors.invalidParameter(
					"Topic Name must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.");
		}
		String arn = "arn:aws:sns:" + this.region + ":" + this.accountId + ":" + name;
		this.topics.computeIfAbsent(arn, Topic::new);
		return arn;
	}

	synchronized void deleteTopic(String topicArn) {
		Topic topic = this.topics.remove(topicArn);
		if (topic != null) {
			topic.subscriptions.forEach((arn) -> {
				this.subscriptions.remove(arn);
				this.filters.remove(arn);
			});
		}
	}

	synchronized Map<String, String> topicAttributes(String topicArn) {
		Topic topic = topic(topicArn);
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("TopicArn", topicArn);
		attributes.put("Owner", this.accountId);
		attributes.put("DisplayName", "");
		attributes.put("SubscriptionsConfirmed", Integer.toString(topic.subscriptions.size()));
		attributes.put("SubscriptionsPending", "0");
		attributes.put("SubscriptionsDeleted", "0");
		attributes.put("Policy", defaultPolicy(topicArn));
		return attributes;
	}

	synchronized String subscribe(String topicArn, String protocol, String endpoint, Map<String, String> attributes) {
		Topic topic = topic(topicArn);
		if (!"sqs".equals(protocol)) {
			throw SnsErrors.invalidParameter("Protocol: the emulator delivers to sqs only, not " + protocol);
		}
		if (!SQS_ARN.matcher(endpoint).matches()) {
			throw SnsErrors.invalidParameter("SQS endpoint ARN");
		}
		for (String name : attributes.keySet()) {
			if (!SUBSCRIPTION_ATTRIBUTES.contains(name)) {
				throw SnsErrors.invalidParameter("Attributes Reason: Unknown attribute " + name);
			}
		}
		Map<String, String> requested = new LinkedHashMap<>(attributes);
		FilterPolicy filter = filterOf(requested);
		for (String existingArn : topic.subscriptions) {
			Subscription existing = this.subscriptions.get(existingArn);
			if (existing.endpoint().equals(endpoint)) {
				if (!existing.attributes().entrySet().containsAll(normalized(requested).entrySet())) {
					throw SnsErrors
						.invalidParameter("Attributes Reason: Subscription already exists with different attributes");
				}
				return existingArn;
			}
		}
		if (filter != null) {
			checkFilterPolicyLimit(topic);
		}
		String arn = topicArn + ":" + UUID.randomUUID();
		this.subscriptions.put(arn, new Subscription(arn, topicArn, protocol, endpoint, normalized(requested)));
		if (filter != null) {
			this.filters.put(arn, filter);
		}
		topic.subscriptions.add(arn);
		return arn;
	}

	synchronized void unsubscribe(String subscriptionArn) {
		Subscription subscription = this.subscriptions.remove(subscriptionArn);
		this.filters.remove(subscriptionArn);
		if (subscription != null) {
			Topic topic = this.topics.get(subscription.topicArn());
			if (topic != null) {
				topic.subscriptions.remove(subscriptionArn);
			}
		}
	}

	synchronized Subscription subscription(String subscriptionArn) {
		Subscription subscription = this.subscriptions.get(subscriptionArn);
		if (subscription == null) {
			throw SnsErrors.notFound("Subscription does not exist");
		}
		return subscription;
	}

	synchronized Map<String, String> subscriptionAttributes(String subscriptionArn) {
		Subscription subscription = subscription(subscriptionArn);
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("SubscriptionArn", subscription.subscriptionArn());
		attributes.put("TopicArn", subscription.topicArn());
		attributes.put("Owner", this.accountId);
		attributes.put("Protocol", subscription.protocol());
		attributes.put("Endpoint", subscription.endpoint());
		attributes.put("ConfirmationWasAuthenticated", "true");
		attributes.put("PendingConfirmation", "false");
		attributes.putAll(subscription.attributes());
		return attributes;
	}

	synchronized void setSubscriptionAttribute(String subscriptionArn, String name, String value) {
		Subscription subscription = subscription(subscriptionArn);
		if (!SUBSCRIPTION_ATTRIBUTES.contains(name)) {
			throw SnsErrors.invalidParameter("AttributeName");
		}
		Map<String, String> attributes = new LinkedHashMap<>(subscription.attributes());
		if ("FilterPolicy".equals(name) && value.isEmpty()) {
			// An empty policy removes the filter, as in SNS.
			attributes.remove("FilterPolicy");
			attributes.remove("FilterPolicyScope");
		}
		else {
			attributes.put(name, value);
		}
		FilterPolicy filter = filterOf(attributes);
		if (filter != null && !this.filters.containsKey(subscriptionArn)) {
			checkFilterPolicyLimit(topic(subscription.topicArn()));
		}
		this.subscriptions.put(subscriptionArn, new Subscription(subscriptionArn, subscription.topicArn(),
				subscription.protocol(), subscription.endpoint(), normalized(attributes)));
		if (filter != null) {
			this.filters.put(subscriptionArn, filter);
		}
		else {
			this.filters.remove(subscriptionArn);
		}
	}

	String publish(String topicArn, String message, @Nullable String subject,
			Map<String, MessageAttribute> attributes) {
		if (message.isEmpty()) {
			throw SnsErrors.invalidParameter("Empty message");
		}
		if (message.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
			throw SnsErrors.invalidParameter("Message too long");
		}
		String messageId = UUID.randomUUID().toString();
		Instant timestamp = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		List<Subscription> targets = new ArrayList<>();
		synchronized (this) {
			Topic topic = topic(topicArn);
			topic.published.add(message);
			for (String subscriptionArn : topic.subscriptions) {
				Subscription subscription = this.subscriptions.get(subscriptionArn);
				FilterPolicy filter = this.filters.get(subscriptionArn);
				if (filter == null || (filter.isBodyScope() ? filter.matchesBody(this.json, message)
						: filter.matchesAttributes(this.json, attributes))) {
					targets.add(subscription);
				}
			}
		}
		for (Subscription target : targets) {
			String body = target.isRaw() ? message : notification(messageId, topicArn, target.subscriptionArn(),
					message, subject, attributes, timestamp);
			Map<String, MessageAttribute> sqsAttributes = target.isRaw() ? attributes : Map.of();
			try {
				this.deliveries.execute(() -> deliver(target, body, sqsAttributes));
			}
			catch (RuntimeException ex) {
				// Closed: the emulator is stopping.
				this.failedDeliveries.add(target.subscriptionArn() + ": " + ex);
			}
		}
		return messageId;
	}

	// Internals

	private Topic topic(String topicArn) {
		Topic topic = this.topics.get(topicArn);
		if (topic == null) {
			throw SnsErrors.notFound("Topic does not exist");
		}
		return topic;
	}

	private void checkFilterPolicyLimit(Topic topic) {
		long filtered = topic.subscriptions.stream().filter(this.filters::containsKey).count();
		if (filtered >= this.filterPolicyLimit) {
			throw new EmulatorServiceException("FilterPolicyLimitExceeded", 403,
					"Filter policy limit exceeded for the topic");
		}
	}

	private @Nullable FilterPolicy filterOf(Map<String, String> attributes) {
		String policy = attributes.get("FilterPolicy");
		if (policy == null) {
			if (attributes.containsKey("FilterPolicyScope")) {
				// The scope alone is accepted and checked.
				String scope = attributes.get("FilterPolicyScope");
				if (!FilterPolicy.SCOPE_BODY.equals(scope) && !FilterPolicy.SCOPE_ATTRIBUTES.equals(scope)) {
					throw SnsErrors.invalidParameter("FilterPolicyScope: Invalid value [" + scope + "]");
				}
			}
			return null;
		}
		return FilterPolicy.parse(this.json, policy,
				attributes.getOrDefault("FilterPolicyScope", FilterPolicy.SCOPE_ATTRIBUTES));
	}

	private static Map<String, String> normalized(Map<String, String> attributes) {
		Map<String, String> normalized = new LinkedHashMap<>(attributes);
		normalized.putIfAbsent("RawMessageDelivery", "false");
		if (normalized.containsKey("FilterPolicy")) {
			normalized.putIfAbsent("FilterPolicyScope", FilterPolicy.SCOPE_ATTRIBUTES);
		}
		return Collections.unmodifiableMap(normalized);
	}

	private void deliver(Subscription target, String body, Map<String, MessageAttribute> attributes) {
		var matcher = SQS_ARN.matcher(target.endpoint());
		if (!matcher.matches()) {
			return;
		}
		String owner = matcher.group(2);
		String queueName = matcher.group(3);
		try {
			SqsClient client = sqsClient();
			if (client == null) {
				this.failedDeliveries.add(target.subscriptionArn() + ": no SQS endpoint configured");
				return;
			}
			String queueUrl = client
				.getQueueUrl((request) -> request.queueName(queueName).queueOwnerAWSAccountId(owner))
				.queueUrl();
			Map<String, MessageAttributeValue> values = new LinkedHashMap<>();
			attributes.forEach((name, attribute) -> {
				if (attribute.stringValue() != null) {
					values.put(name,
							MessageAttributeValue.builder()
								.dataType(attribute.dataType())
								.stringValue(attribute.stringValue())
								.build());
				}
			});
			client.sendMessage((request) -> request.queueUrl(queueUrl).messageBody(body).messageAttributes(values));
		}
		catch (SdkException ex) {
			logger.debug("Could not deliver to {}: {}", target.endpoint(), ex.toString());
			this.failedDeliveries.add(target.subscriptionArn() + ": " + ex.getClass().getSimpleName() + " "
					+ String.valueOf(ex.getMessage()));
		}
	}

	private synchronized @Nullable SqsClient sqsClient() {
		URI endpoint = this.sqsEndpoint;
		if (endpoint == null) {
			return null;
		}
		if (this.sqs == null || !endpoint.equals(this.sqsClientEndpoint)) {
			if (this.sqs != null) {
				this.sqs.close();
			}
			this.sqs = SqsClient.builder()
				.endpointOverride(endpoint)
				.region(Region.of(this.region))
				.credentialsProvider(
						StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")))
				.httpClient(UrlConnectionHttpClient.create())
				.build();
			this.sqsClientEndpoint = endpoint;
		}
		return this.sqs;
	}

	private String notification(String messageId, String topicArn, String subscriptionArn, String message,
			@Nullable String subject, Map<String, MessageAttribute> attributes, Instant timestamp) {
		ObjectNode envelope = this.json.createObjectNode();
		envelope.put("Type", "Notification");
		envelope.put("MessageId", messageId);
		envelope.put("TopicArn", topicArn);
		if (subject != null) {
			envelope.put("Subject", subject);
		}
		envelope.put("Message", message);
		envelope.put("Timestamp", timestamp.toString());
		envelope.put("SignatureVersion", "1");
		envelope.put("Signature", signature(messageId + message));
		envelope.put("SigningCertURL",
				"https://sns." + this.region + ".amazonaws.com/SimpleNotificationService-0000000000000000000000.pem");
		envelope.put("UnsubscribeURL",
				"https://sns." + this.region + ".amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + subscriptionArn);
		if (!attributes.isEmpty()) {
			ObjectNode values = envelope.putObject("MessageAttributes");
			attributes.forEach((name, attribute) -> {
				ObjectNode value = values.putObject(name);
				value.put("Type", attribute.dataType());
				value.put("Value", attribute.stringValue());
			});
		}
		return this.json.writeValueAsString(envelope);
	}

	// Not a real signature: a stable, well-formed stand-in, as no client verifies it
	// here.
	private static String signature(String content) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String defaultPolicy(String topicArn) {
		return "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":\"__default_statement_ID\","
				+ "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"SNS:Publish\",\"SNS:Subscribe\","
				+ "\"SNS:ListSubscriptionsByTopic\",\"SNS:GetTopicAttributes\",\"SNS:DeleteTopic\"],\"Resource\":\""
				+ topicArn + "\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"" + this.accountId + "\"}}}]}";
	}

	/**
	 * A subscription as GetSubscriptionAttributes shows it.
	 *
	 * @param subscriptionArn its ARN
	 * @param topicArn the topic
	 * @param protocol always {@code sqs} here
	 * @param endpoint the queue's ARN
	 * @param attributes {@code RawMessageDelivery}, {@code FilterPolicy} and
	 * {@code FilterPolicyScope} among others
	 */
	public record Subscription(String subscriptionArn, String topicArn, String protocol, String endpoint,
			Map<String, String> attributes) {

		public boolean isRaw() {
			return "true".equalsIgnoreCase(this.attributes.get("RawMessageDelivery"));
		}

	}

	/**
	 * A message attribute of Publish.
	 *
	 * @param dataType {@code String}, {@code String.Array}, {@code Number} or
	 * {@code Binary}, optionally with a custom suffix
	 * @param stringValue the value, {@code null} for a binary one
	 */
	public record MessageAttribute(String dataType, @Nullable String stringValue) {

	}

	private static final class Topic {

		private final List<String> subscriptions = new ArrayList<>();

		private final List<String> published = new ArrayList<>();

		Topic(String arn) {
		}

	}

}
