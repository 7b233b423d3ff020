package io.github.secretsspringboot.events;

import java.time.Instant;

import io.github.secretsspringboot.events.SecretEvent.InvalidEventException;
import io.github.secretsspringboot.events.SecretEvent.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading Secrets Manager's events from message bodies, with the AWS documentation's own
 * examples.
 */
class SecretEventTests {

	static final String CANARY = "canary-7f3a1c9e-do-not-log";

	/** The documentation's example of {@code Secret Label Updated}. */
	static final String LABEL_UPDATED = """
			{
			  "version": "0",
			  "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
			  "detail-type": "Secret Label Updated",
			  "source": "aws.secretsmanager",
			  "account": "012345678901",
			  "time": "2024-02-06T16:43:48Z",
			  "region": "us-west-2",
			  "resources": [
			    "arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret-a1b2c3"
			  ],
			  "detail": {
			    "name": "mySecret",
			    "labelUpdated": "AWSCURRENT",
			    "versionId": "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
			  }
			}""";

	@Test
	void labelUpdatedNamesTheSecretByArnThenName() {
		SecretEvent event = SecretEvent.parse(LABEL_UPDATED);
		assertThat(event.kind()).isEqualTo(Kind.LABEL_UPDATED);
		assertThat(event.secretIds())
			.containsExactly("arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret-a1b2c3", "mySecret");
		assertThat(event.label()).isEqualTo("AWSCURRENT");
		assertThat(event.versionId()).isEqualTo("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111");
		assertThat(event.time()).isEqualTo(Instant.parse("2024-02-06T16:43:48Z"));
	}

	@Test
	void snsNotificationCarriesTheEvent() {
		SecretEvent event = SecretEvent.parse(EventBodies.snsNotification(LABEL_UPDATED));
		assertThat(event.kind()).isEqualTo(Kind.LABEL_UPDATED);
		assertThat(event.versionId()).isEqualTo("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111");
	}

	@Test
	void cloudTrailEventNamesTheSecretByEitherSpellingOfArn() {
		String arn = "arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret-a1b2c3";
		SecretEvent lower = SecretEvent.parse(cloudTrail("PutSecretValue", "{\"secretId\": \"mySecret\"}",
				"{\"arn\": \"" + arn + "\", \"versionId\": \"v2\"}"));
		assertThat(lower.kind()).isEqualTo(Kind.API_CALL);
		assertThat(lower.eventName()).isEqualTo("PutSecretValue");
		assertThat(lower.secretIds()).containsExactly(arn, "mySecret");
		SecretEvent upper = SecretEvent.parse(cloudTrail("DeleteSecret",
				"{\"secretId\": \"mySecret\", \"recoveryWindowInDays\": 7}", "{\"aRN\": \"" + arn + "\"}"));
		assertThat(upper.secretIds()).containsExactly(arn, "mySecret");
	}

	@Test
	void createSecretNamesTheSecretByName() {
		SecretEvent event = SecretEvent.parse(cloudTrail("CreateSecret", "{\"name\": \"app/later\"}", "null"));
		assertThat(event.secretIds()).containsExactly("app/later");
	}

	@Test
	void otherSourcesAndTypesAreForeign() {
		assertThat(SecretEvent.parse(LABEL_UPDATED.replace("\"aws.secretsmanager\"", "\"aws.ec2\"")).kind())
			.isEqualTo(Kind.FOREIGN);
		assertThat(SecretEvent.parse(LABEL_UPDATED.replace("Secret Label Updated", "Secret Rotated")).kind())
			.isEqualTo(Kind.FOREIGN);
	}

	@Test
	void malformedMessagesAreInvalidWithoutQuotingTheBody() {
		for (String body : new String[] { "{\"password\": \"" + CANARY, CANARY, "[\"" + CANARY + "\"]", "{}",
				LABEL_UPDATED.replace("\"versionId\"", "\"versionid\""),
				LABEL_UPDATED.replace("2024-02-06T16:43:48Z", CANARY),
				LABEL_UPDATED.replace("\"detail\"", "\"details\""), cloudTrail("PutSecretValue", "{}", "{}"),
				"{\"Type\": \"Notification\", \"Message\": \"" + CANARY + "\"}" }) {
			assertThatExceptionOfType(InvalidEventException.class).as(body)
				.isThrownBy(() -> SecretEvent.parse(body))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(CANARY));
		}
	}

	static String cloudTrail(String eventName, String requestParameters, String responseElements) {
		return """
				{"version": "0", "id": "c8b9d1f0-0000-4000-8000-000000000001",
				 "detail-type": "AWS API Call via CloudTrail", "source": "aws.secretsmanager",
				 "account": "012345678901", "time": "2024-02-06T16:43:48Z", "region": "us-west-2",
				 "resources": [],
				 "detail": {"eventVersion": "1.08", "eventSource": "secretsmanager.amazonaws.com",
				  "eventName": "%s", "awsRegion": "us-west-2", "requestParameters": %s,
				  "responseElements": %s, "eventType": "AwsApiCall"}}""".formatted(eventName, requestParameters,
				responseElements);
	}

}
