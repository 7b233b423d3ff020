package io.github.secretsspringboot.test.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.secretsspringboot.test.sqs.EmbeddedSqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The emulator's SNS, driven by the real SDK {@link SnsClient}, delivering to ElasticMQ.
 */
class SnsEmulatorTests {

	private static SecretsManagerEmulator emulator;

	private static EmbeddedSqs sqs;

	private static SnsClient sns;

	private final JsonMapper json = JsonMapper.builder().build();

	@BeforeAll
	static void start() {
		emulator = SecretsManagerEmulator.start();
		sqs = EmbeddedSqs.start();
		emulator.topics().sqsEndpoint(sqs.endpoint());
		sns = SnsClient.builder()
			.endpointOverride(emulator.endpoint())
			.region(Region.of(emulator.region()))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.httpClient(UrlConnectionHttpClient.create())
			.build();
	}

	@AfterAll
	static void stop() {
		sns.close();
		sqs.close();
		emulator.close();
	}

	@Test
	void createTopicIsIdempotentAndNamesTheTopicByArn() {
		String arn = sns.createTopic((request) -> request.name("idempotent")).topicArn();
		assertThat(arn).isEqualTo("arn:aws:sns:us-east-1:123456789012:idempotent");
		assertThat(sns.createTopic((request) -> request.name("idempotent")).topicArn()).isEqualTo(arn);
		assertThat(emulator.topics().create("idempotent")).isEqualTo(arn);
		assertThat(sns.getTopicAttributes((request) -> request.topicArn(arn)).attributes())
			.containsEntry("TopicArn", arn)
			.containsEntry("SubscriptionsConfirmed", "0");
	}

	@Test
	void secretsManagerStillAnswersOnTheSameEndpoint() {
		emulator.client().createSecret((request) -> request.name("sns/shared-endpoint").secretString("v"));
		assertThat(emulator.client().describeSecret((request) -> request.secretId("sns/shared-endpoint")).name())
			.isEqualTo("sns/shared-endpoint");
	}

	@Test
	void rawDeliverySendsTheMessageItself() {
		String topicArn = emulator.topics().create("raw");
		String queueUrl = sqs.createQueue("raw-target");
		String subscriptionArn = sns
			.subscribe((request) -> request.topicArn(topicArn)
				.protocol("sqs")
				.endpoint(sqs.queueArn("raw-target"))
				.attributes(Map.of("RawMessageDelivery", "true")))
			.subscriptionArn();
		assertThat(subscriptionArn).startsWith(topicArn + ":");
		sns.publish((request) -> request.topicArn(topicArn)
			.message("{\"a\":1}")
			.messageAttributes(
					Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("test").build())));
		Message message = receiveOne(queueUrl);
		assertThat(message.body()).isEqualTo("{\"a\":1}");
		assertThat(message.messageAttributes()).containsKey("kind");
		assertThat(message.messageAttributes().get("kind").stringValue()).isEqualTo("test");
	}

	@Test
	void deliveryWithoutRawWrapsTheMessageInANotification() {
		String topicArn = emulator.topics().create("enveloped");
		String queueUrl = sqs.createQueue("enveloped-target");
		String subscriptionArn = sns
			.subscribe(
					(request) -> request.topicArn(topicArn).protocol("sqs").endpoint(sqs.queueArn("enveloped-target")))
			.subscriptionArn();
		String messageId = sns.publish((request) -> request.topicArn(topicArn).message("hello").subject("s"))
			.messageId();
		JsonNode envelope = this.json.readTree(receiveOne(queueUrl).body());
		assertThat(envelope.get("Type").asString()).isEqualTo("Notification");
		assertThat(envelope.get("MessageId").asString()).isEqualTo(messageId);
		assertThat(envelope.get("TopicArn").asString()).isEqualTo(topicArn);
		assertThat(envelope.get("Message").asString()).isEqualTo("hello");
		assertThat(envelope.get("Subject").asString()).isEqualTo("s");
		assertThat(envelope.get("Timestamp").asString())
			.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
		assertThat(envelope.get("SignatureVersion").asString()).isEqualTo("1");
		assertThat(envelope.get("Signature").asString()).isNotEmpty();
		assertThat(envelope.get("SigningCertURL").asString()).startsWith("https://sns.us-east-1.amazonaws.com/");
		assertThat(envelope.get("UnsubscribeURL").asString()).endsWith("SubscriptionArn=" + subscriptionArn);
	}

	@Test
	void bodyFilterPolicyDeliversOnlyMatchingMessages() {
		String topicArn = emulator.topics().create("filtered");
		String queueUrl = sqs.createQueue("filtered-target");
		sns.subscribe((request) -> request.topicArn(topicArn)
			.protocol("sqs")
			.endpoint(sqs.queueArn("filtered-target"))
			.attributes(Map.of("RawMessageDelivery", "true", "FilterPolicyScope", "MessageBody", "FilterPolicy",
					"{\"source\":[\"aws.secretsmanager\"],\"detail\":{\"name\":[{\"prefix\":\"prod/\"}]}}")));
		sns.publish((request) -> request.topicArn(topicArn)
			.message("{\"source\":\"aws.secretsmanager\",\"detail\":{\"name\":\"dev/db\"},\"n\":1}"));
		sns.publish((request) -> request.topicArn(topicArn)
			.message("{\"source\":\"aws.ec2\",\"detail\":{\"name\":\"prod/db\"},\"n\":2}"));
		sns.publish((request) -> request.topicArn(topicArn).message("not json"));
		sns.publish((request) -> request.topicArn(topicArn)
			.message("{\"source\":\"aws.secretsmanager\",\"detail\":{\"name\":\"prod/db\"},\"n\":3}"));
		// Delivery is in publishing order: once the last one is there, the others were
		// filtered.
		Message message = receiveOne(queueUrl);
		assertThat(message.body()).contains("\"n\":3");
		assertThat(sqs.attributes(queueUrl)).containsEntry("ApproximateNumberOfMessages", "0");
		assertThat(emulator.topics().published(topicArn)).hasSize(4);
	}

	@Test
	void attributeFilterPolicyIsTheDefaultScope() {
		String topicArn = emulator.topics().create("attribute-filtered");
		String queueUrl = sqs.createQueue("attribute-filtered-target");
		sns.subscribe((request) -> request.topicArn(topicArn)
			.protocol("sqs")
			.endpoint(sqs.queueArn("attribute-filtered-target"))
			.attributes(Map.of("RawMessageDelivery", "true", "FilterPolicy", "{\"kind\":[\"wanted\"]}")));
		sns.publish((request) -> request.topicArn(topicArn)
			.message("unwanted")
			.messageAttributes(
					Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("other").build())));
		sns.publish((request) -> request.topicArn(topicArn).message("no attributes"));
		sns.publish((request) -> request.topicArn(topicArn)
			.message("wanted")
			.messageAttributes(
					Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("wanted").build())));
		assertThat(receiveOne(queueUrl).body()).isEqualTo("wanted");
		assertThat(sqs.attributes(queueUrl)).containsEntry("ApproximateNumberOfMessages", "0");
		assertThat(sns
			.getSubscriptionAttributes((request) -> request
				.subscriptionArn(emulator.topics().subscriptions(topicArn).get(0).subscriptionArn()))
			.attributes()).containsEntry("FilterPolicyScope", "MessageAttributes");
	}

	@Test
	void subscriptionsAreListedReadAndChanged() {
		String topicArn = emulator.topics().create("listed");
		String first = sns
			.subscribe((request) -> request.topicArn(topicArn).protocol("sqs").endpoint(sqs.queueArn("listed-1")))
			.subscriptionArn();
		String second = sns
			.subscribe((request) -> request.topicArn(topicArn).protocol("sqs").endpoint(sqs.queueArn("listed-2")))
			.subscriptionArn();
		assertThat(sns.listSubscriptionsByTopic((request) -> request.topicArn(topicArn)).subscriptions())
			.extracting(Subscription::subscriptionArn, Subscription::endpoint, Subscription::protocol,
					Subscription::owner)
			.containsExactly(
					org.assertj.core.groups.Tuple.tuple(first, sqs.queueArn("listed-1"), "sqs", "123456789012"),
					org.assertj.core.groups.Tuple.tuple(second, sqs.queueArn("listed-2"), "sqs", "123456789012"));
		sns.setSubscriptionAttributes(
				(request) -> request.subscriptionArn(first).attributeName("RawMessageDelivery").attributeValue("true"));
		assertThat(sns.getSubscriptionAttributes((request) -> request.subscriptionArn(first)).attributes())
			.containsEntry("RawMessageDelivery", "true")
			.containsEntry("Endpoint", sqs.queueArn("listed-1"))
			.containsEntry("TopicArn", topicArn)
			.containsEntry("PendingConfirmation", "false");
		assertThat(sns
			.subscribe((request) -> request.topicArn(topicArn).protocol("sqs").endpoint(sqs.queueArn("listed-2")))
			.subscriptionArn()).as("subscribing again").isEqualTo(second);
		sns.unsubscribe((request) -> request.subscriptionArn(first));
		assertThat(emulator.topics().subscriptions(topicArn)).extracting(EmulatorTopics.Subscription::subscriptionArn)
			.containsExactly(second);
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> sns.getSubscriptionAttributes((request) -> request.subscriptionArn(first)));
	}

	@Test
	void listingPagesByAHundred() {
		String topicArn = emulator.topics().create("paged");
		for (int i = 0; i < 130; i++) {
			String endpoint = sqs.queueArn("paged-" + i);
			sns.subscribe((request) -> request.topicArn(topicArn).protocol("sqs").endpoint(endpoint));
		}
		var first = sns.listSubscriptionsByTopic((request) -> request.topicArn(topicArn));
		assertThat(first.subscriptions()).hasSize(100);
		assertThat(first.nextToken()).isNotNull();
		assertThat(sns.listSubscriptionsByTopicPaginator((request) -> request.topicArn(topicArn))
			.subscriptions()
			.stream()
			.count()).isEqualTo(130);
	}

	@Test
	void errorsAreThoseOfSns() {
		String topicArn = emulator.topics().create("errors");
		String missing = "arn:aws:sns:us-east-1:123456789012:missing";
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> sns.publish((request) -> request.topicArn(missing).message("m")))
			.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(404));
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> sns.subscribe((request) -> request.topicArn(topicArn)
				.protocol("sqs")
				.endpoint(sqs.queueArn("errors"))
				.attributes(Map.of("FilterPolicyScope", "MessageBody", "FilterPolicy", "{\"a\": \"not an array\"}"))));
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> sns.subscribe((request) -> request.topicArn(topicArn).protocol("sqs").endpoint("nope")));
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> sns.publish((request) -> request.topicArn(topicArn).message("")));
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> sns.createTopic((request) -> request.name("bad name")));
		emulator.topics().deny(topicArn);
		try {
			assertThatExceptionOfType(AuthorizationErrorException.class)
				.isThrownBy(() -> sns.subscribe(
						(request) -> request.topicArn(topicArn).protocol("sqs").endpoint(sqs.queueArn("errors"))))
				.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(403));
			assertThatExceptionOfType(AuthorizationErrorException.class)
				.isThrownBy(() -> sns.listSubscriptionsByTopic((request) -> request.topicArn(topicArn)));
		}
		finally {
			emulator.topics().allow(topicArn);
		}
		assertThat(sns.listSubscriptionsByTopic((request) -> request.topicArn(topicArn)).subscriptions()).isEmpty();
	}

	@Test
	void tooComplexFilterPoliciesAreRefused() {
		String topicArn = emulator.topics().create("complex");
		String subscriptionArn = sns
			.subscribe((request) -> request.topicArn(topicArn).protocol("sqs").endpoint(sqs.queueArn("complex")))
			.subscriptionArn();
		// 10 x 16 = 160 combinations: over AWS's 150.
		String policy = "{\"a\":" + values(10) + ",\"b\":" + values(16) + "}";
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> sns.setSubscriptionAttributes((request) -> request.subscriptionArn(subscriptionArn)
				.attributeName("FilterPolicy")
				.attributeValue(policy)))
			.withMessageContaining("too complex");
		String fine = "{\"a\":" + values(10) + ",\"b\":" + values(15) + "}";
		sns.setSubscriptionAttributes((request) -> request.subscriptionArn(subscriptionArn)
			.attributeName("FilterPolicy")
			.attributeValue(fine));
		assertThat(sns.getSubscriptionAttributes((request) -> request.subscriptionArn(subscriptionArn)).attributes())
			.containsEntry("FilterPolicy", fine);
	}

	@Test
	void deletingATopicRemovesItsSubscriptions() {
		String topicArn = emulator.topics().create("deleted");
		String subscriptionArn = sns
			.subscribe((request) -> request.topicArn(topicArn).protocol("sqs").endpoint(sqs.queueArn("deleted")))
			.subscriptionArn();
		sns.deleteTopic((request) -> request.topicArn(topicArn));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> sns.getSubscriptionAttributes((request) -> request.subscriptionArn(subscriptionArn)));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> sns.listSubscriptionsByTopic((request) -> request.topicArn(topicArn)));
		sns.deleteTopic((request) -> request.topicArn(topicArn));
	}

	@Test
	void deliveryToAMissingQueueIsRecorded() {
		String topicArn = emulator.topics().create("nowhere");
		String subscriptionArn = sns
			.subscribe((request) -> request.topicArn(topicArn).protocol("sqs").endpoint(sqs.queueArn("never-created")))
			.subscriptionArn();
		sns.publish((request) -> request.topicArn(topicArn).message("canary-do-not-log"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> emulator.topics().failedDeliveries().stream().anyMatch((f) -> f.startsWith(subscriptionArn)));
		assertThat(emulator.topics().failedDeliveries()).noneMatch((failure) -> failure.contains("canary-do-not-log"));
	}

	private static String values(int count) {
		StringBuilder array = new StringBuilder("[");
		for (int i = 0; i < count; i++) {
			array.append((i > 0) ? "," : "").append("\"v").append(i).append('"');
		}
		return array.append(']').toString();
	}

	private static Message receiveOne(String queueUrl) {
		List<Message> messages = sqs.client()
			.receiveMessage((request) -> request.queueUrl(queueUrl)
				.waitTimeSeconds(10)
				.maxNumberOfMessages(10)
				.messageAttributeNames("All"))
			.messages();
		assertThat(messages).hasSize(1);
		sqs.client()
			.deleteMessage((request) -> request.queueUrl(queueUrl).receiptHandle(messages.get(0).receiptHandle()));
		return messages.get(0);
	}

}
