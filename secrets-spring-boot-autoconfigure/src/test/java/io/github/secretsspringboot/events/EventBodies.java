package io.github.secretsspringboot.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/**
 * Secrets Manager's events as EventBridge delivers them to SQS, in the shapes of the AWS
 * documentation, for secrets of the emulator.
 */
final class EventBodies {

	static final String ACCOUNT = "123456789012";

	private final SecretsManagerClient secrets;

	private final String region;

	EventBodies(SecretsManagerClient secrets, String region) {
		this.secrets = secrets;
		this.region = region;
	}

	/** A {@code Secret Label Updated} event for a label now on {@code versionId}. */
	String labelUpdated(String name, String label, String versionId) {
		return labelUpdated(name, label, versionId, Instant.now());
	}

	String labelUpdated(String name, String label, String versionId, Instant time) {
		DescribeSecretResponse secret = describe(name);
		return envelope("Secret Label Updated", time, "[\"" + secret.arn() + "\"]", """
				{"name": "%s", "labelUpdated": "%s", "versionId": "%s"}""".formatted(secret.name(), label, versionId));
	}

	/**
	 * An {@code AWS API Call via CloudTrail} event.
	 * @param arnKey {@code arn} or {@code aRN}, as AWS spells it in the call's response
	 */
	String apiCall(String eventName, String requestParameters, String arnKey, String arn) {
		return envelope("AWS API Call via CloudTrail", Instant.now(), "[]", """
				{
				  "eventVersion": "1.08",
				  "userIdentity": {"type": "AssumedRole", "accountId": "%s"},
				  "eventTime": "%s",
				  "eventSource": "secretsmanager.amazonaws.com",
				  "eventName": "%s",
				  "awsRegion": "%s",
				  "sourceIPAddress": "192.0.2.1",
				  "userAgent": "aws-sdk-java",
				  "requestParameters": %s,
				  "responseElements": {"%s": "%s"},
				  "requestID": "%s",
				  "eventID": "%s",
				  "readOnly": false,
				  "eventType": "AwsApiCall",
				  "managementEvent": true,
				  "recipientAccountId": "%s",
				  "eventCategory": "Management"
				}""".formatted(ACCOUNT, now(), eventName, this.region, requestParameters, arnKey, arn,
				UUID.randomUUID(), UUID.randomUUID(), ACCOUNT));
	}

	/** A CloudTrail event of a call on an existing secret, by its name. */
	String apiCallOn(String eventName, String name, String arnKey) {
		return apiCall(eventName, "{\"secretId\": \"" + name + "\"}", arnKey, describe(name).arn());
	}

	/** Another source's event, well-formed. */
	String foreign() {
		return """
				{"version": "0", "id": "%s", "detail-type": "EC2 Instance State-change Notification",
				 "source": "aws.ec2", "account": "%s", "time": "%s", "region": "%s",
				 "resources": ["arn:aws:ec2:%s:%s:instance/i-1234567890abcdef0"],
				 "detail": {"instance-id": "i-1234567890abcdef0", "state": "running"}}""".formatted(UUID.randomUUID(),
				ACCOUNT, now(), this.region, this.region, ACCOUNT);
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

	private String envelope(String detailType, Instant time, String resources, String detail) {
		return """
				{
				  "version": "0",
				  "id": "%s",
				  "detail-type": "%s",
				  "source": "aws.secretsmanager",
				  "account": "%s",
				  "time": "%s",
				  "region": "%s",
				  "resources": %s,
				  "detail": %s
				}""".formatted(UUID.randomUUID(), detailType, ACCOUNT, time.truncatedTo(ChronoUnit.SECONDS),
				this.region, resources, detail);
	}

	private DescribeSecretResponse describe(String name) {
		return this.secrets.describeSecret((request) -> request.secretId(name));
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.SECONDS);
	}

}
