package io.github.secretsspringboot.test.sqs;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

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

}
