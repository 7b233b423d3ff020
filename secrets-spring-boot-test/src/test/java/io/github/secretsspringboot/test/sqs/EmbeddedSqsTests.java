package io.github.secretsspringboot.test.sqs;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SqsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link EmbeddedSqs} driven by the real SDK client.
 */
class EmbeddedSqsTests {

	private static EmbeddedSqs sqs;

	@BeforeAll
	static void start() {
		sqs = EmbeddedSqs.builder().region("eu-west-1").accountId("111122223333").start();
	}

	@AfterAll
	static void stop() {
		sqs.close();
	}

	@Test
	void aMessageSentIsReceivedAndDeleted() {
		String queueUrl = sqs.createQueue("round-trip");
		SqsClient client = sqs.client();
		client.sendMessage((request) -> request.queueUrl(queueUrl).messageBody("{\"detail-type\":\"x\"}"));
		List<Message> messages = client
			.receiveMessage((request) -> request.queueUrl(queueUrl).waitTimeSeconds(5).maxNumberOfMessages(10))
			.messages();
		assertThat(messages).extracting(Message::body).containsExactly("{\"detail-type\":\"x\"}");
		client.deleteMessage((request) -> request.queueUrl(queueUrl).receiptHandle(messages.get(0).receiptHandle()));
		assertThat(sqs.attributes(queueUrl)).containsEntry("ApproximateNumberOfMessages", "0")
			.containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
	}

	@Test
	void queueArnsCarryTheRegionAndAccountOfTheServer() {
		String queueUrl = sqs.createQueue("arn-check");
		assertThat(sqs.attributes(queueUrl)).containsEntry("QueueArn", sqs.queueArn("arn-check"));
		assertThat(sqs.queueArn("arn-check")).isEqualTo("arn:aws:sqs:eu-west-1:111122223333:arn-check");
	}

	@Test
	void queueUrlsNameThePublicEndpoint() {
		URI queueUrl = URI.create(sqs.createQueue("url-check"));
		assertThat(queueUrl.getPort()).isEqualTo(sqs.endpoint().getPort());
		assertThat(queueUrl.getPath()).isEqualTo("/111122223333/url-check");
	}

	@Test
	void anOutageDropsConnectionsAndKeepsQueuesAndMessages() {
		String queueUrl = sqs.createQueue("outage");
		try (SqsClient client = sqs.newClient()) {
			client.sendMessage((request) -> request.queueUrl(queueUrl).messageBody("before"));
			sqs.goDown();
			try {
				assertThat(sqs.isDown()).isTrue();
				assertThatExceptionOfType(SdkClientException.class)
					.isThrownBy(() -> client.sendMessage((request) -> request.queueUrl(queueUrl).messageBody("lost")));
			}
			finally {
				sqs.comeBack();
			}
			assertThat(sqs.isDown()).isFalse();
			List<Message> messages = client
				.receiveMessage((request) -> request.queueUrl(queueUrl).waitTimeSeconds(1).maxNumberOfMessages(10))
				.messages();
			assertThat(messages).extracting(Message::body).containsExactly("before");
		}
	}

	@Test
	void anOutageEndsALongPollInFlight() {
		String queueUrl = sqs.createQueue("outage-long-poll");
		try (SqsClient client = sqs.newClient()) {
			Thread outage = new Thread(() -> {
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sqs.requestsInFlight() > 0);
				sqs.goDown();
			});
			// The long poll below waits for 20 seconds unless the outage cuts it.
			outage.start();
			long started = System.nanoTime();
			try {
				assertThatExceptionOfType(SdkClientException.class).isThrownBy(
						() -> client.receiveMessage((request) -> request.queueUrl(queueUrl).waitTimeSeconds(20)));
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
			}
			finally {
				sqs.comeBack();
			}
		}
	}

	@Test
	void deletingAQueueEndsTheLongPollsOnItEmpty() {
		String queueUrl = sqs.createQueue("deleted-while-polled");
		try (SqsClient client = sqs.newClient()) {
			Thread delete = new Thread(() -> {
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sqs.requestsInFlight() > 0);
				sqs.client().deleteQueue((request) -> request.queueUrl(queueUrl));
			});
			// The long poll below waits for 20 seconds unless the deletion ends it.
			delete.start();
			long started = System.nanoTime();
			assertThat(client.receiveMessage((request) -> request.queueUrl(queueUrl).waitTimeSeconds(20)).messages())
				.isEmpty();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
		}
	}

	@Test
	void closingDoesNotWaitForTheLongPollsElasticMqStillHolds() {
		EmbeddedSqs own = EmbeddedSqs.start();
		String queueUrl = own.createQueue("held");
		try (SqsClient client = own.newClient()) {
			Thread delete = new Thread(() -> {
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> own.requestsInFlight() > 0);
				own.client().deleteQueue((request) -> request.queueUrl(queueUrl));
			});
			delete.start();
			// Ended empty by the deletion; what ElasticMQ does with it is not this
			// test's.
			assertThat(client.receiveMessage((request) -> request.queueUrl(queueUrl).waitTimeSeconds(20)).messages())
				.isEmpty();
		}
		// ElasticMQ answers the long poll on the deleted queue only at its request
		// timeout, 21 s after it came in.
		long started = System.nanoTime();
		own.close();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void aDeniedQueueAnswersAccessDeniedAsSqsDoes() {
		String queueUrl = sqs.createQueue("denied");
		String otherUrl = sqs.createQueue("not-denied");
		sqs.deny("denied");
		try {
			assertThatExceptionOfType(SqsException.class)
				.isThrownBy(() -> sqs.client().receiveMessage((request) -> request.queueUrl(queueUrl)))
				.satisfies((ex) -> {
					assertThat(ex.statusCode()).isEqualTo(403);
					assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
					assertThat(ex.awsErrorDetails().errorMessage())
						.contains("not authorized to perform: sqs:receivemessage");
				});
			assertThatExceptionOfType(SqsException.class)
				.isThrownBy(() -> sqs.client().getQueueUrl((request) -> request.queueName("denied")))
				.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
			sqs.client().sendMessage((request) -> request.queueUrl(otherUrl).messageBody("allowed"));
		}
		finally {
			sqs.allow("denied");
		}
		sqs.client().sendMessage((request) -> request.queueUrl(queueUrl).messageBody("allowed again"));
		assertThat(sqs.attributes(queueUrl)).containsEntry("ApproximateNumberOfMessages", "1");
	}

}
