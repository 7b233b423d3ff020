package io.github.secretsspringboot.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Messages the emulator does not publish, built by hand in the shapes of the AWS
 * documentation: another source's event, and an event in the SNS notification envelope
 * (raw delivery off). Secrets Manager's own events come from the emulator
 * ({@link PublishedEvents}).
 */
final class EventBodies {

	static final String ACCOUNT = "123456789012";

	private EventBodies() {
	}

	/** Another source's event, well-formed. */
	static String foreign(String region) {
		return """
				{"version": "0", "id": "%s", "detail-type": "EC2 Instance State-change Notification",
				 "source": "aws.ec2", "account": "%s", "time": "%s", "region": "%s",
				 "resources": ["arn:aws:ec2:%s:%s:instance/i-1234567890abcdef0"],
				 "detail": {"instance-id": "i-1234567890abcdef0", "state": "running"}}""".formatted(UUID.randomUUID(),
				ACCOUNT, now(), region, region, ACCOUNT);
	}

	/**
	 * An event wrapped in an SNS notification, as SNS delivers it without raw delivery.
	 */
	static String snsNotification(String event) {
		String escaped = event.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
		return """
				{"Type": "Notification", "MessageId": "%s",
				 "TopicArn": "arn:aws:sns:us-east-1:%s:secrets-events", "Message": "%s",
				 "Timestamp": "%s", "SignatureVersion": "1"}""".formatted(UUID.randomUUID(), ACCOUNT, escaped, now());
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.SECONDS);
	}

}
