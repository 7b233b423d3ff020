package io.github.secretsspringboot.events;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter policy of {@link TopicQueue}'s subscription.
 */
class TopicFilterPolicyTests {

	private static final String TOPIC = "arn:aws:sns:eu-west-1:111122223333:secret-events";

	@Test
	void aNameMatchesLabelEventsAndCloudTrailEventsByNameOrArnOfTheTopicsAccount() {
		assertThat(TopicFilterPolicy.of(List.of("prod/db"), TOPIC))
			.isEqualTo("{\"$or\":[" + "{\"detail\":{\"name\":[\"prod/db\"]}},"
					+ "{\"detail\":{\"requestParameters\":{\"secretId\":[\"prod/db\","
					+ "{\"prefix\":\"arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db\"}]}}},"
					+ "{\"detail\":{\"requestParameters\":{\"name\":[\"prod/db\"]}}}]}");
	}

	@Test
	void anArnMatchesResourcesByPrefixAndItsNameWithoutTheRandomSuffix() {
		String arn = "arn:aws:secretsmanager:us-east-1:444455556666:secret:prod/api-AbC123";
		String policy = TopicFilterPolicy.of(List.of(arn), TOPIC);
		assertThat(policy).startsWith("{\"$or\":[{\"resources\":[{\"prefix\":\"" + arn + "\"}]}")
			.contains("{\"detail\":{\"name\":[\"prod/api-AbC123\",\"prod/api\"]}}")
			.contains("\"secretId\":[\"prod/api-AbC123\",\"prod/api\",{\"prefix\":\"" + arn + "\"}]")
			.doesNotContain("111122223333");
	}

	@Test
	void valuesAreJsonEscaped() {
		assertThat(TopicFilterPolicy.of(List.of("a\"b"), TOPIC)).contains("[\"a\\\"b\"]");
	}

	@Test
	void overTheCombinationLimitEverySecretsManagerEventPasses() {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 37; i++) {
			names.add("s" + i);
		}
		// 4 values per name: 148 of AWS's 150.
		assertThat(TopicFilterPolicy.of(names, TOPIC)).isNotEqualTo(TopicFilterPolicy.ALL_SECRETS_MANAGER_EVENTS);
		names.add("s37");
		assertThat(TopicFilterPolicy.of(names, TOPIC)).isEqualTo(TopicFilterPolicy.ALL_SECRETS_MANAGER_EVENTS);
	}

	@Test
	void withoutSecretsEverySecretsManagerEventPasses() {
		assertThat(TopicFilterPolicy.of(List.of(), TOPIC)).isEqualTo(TopicFilterPolicy.ALL_SECRETS_MANAGER_EVENTS);
	}

}
