package io.github.secretsspringboot.test.emulator;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Filter policies against the examples of the SNS documentation.
 */
class FilterPolicyTests {

	private static final String EVENT = """
			{"version":"0","detail-type":"Secret Label Updated","source":"aws.secretsmanager",
			 "resources":["arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret-a1b2c3"],
			 "detail":{"name":"mySecret","labelUpdated":"AWSCURRENT","versionId":"v1","size":12,"empty":null,
			  "tags":["a","b"]}}
			""";

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void exactValuesAreOredAndKeysAnded() {
		assertThat(body("{\"source\":[\"aws.ec2\",\"aws.secretsmanager\"]}")).isTrue();
		assertThat(body("{\"source\":[\"aws.secretsmanager\"],\"detail-type\":[\"Other\"]}")).isFalse();
		assertThat(body("{\"source\":[\"AWS.SECRETSMANAGER\"]}")).as("case-sensitive").isFalse();
	}

	@Test
	void nestedKeysMatchNestedValues() {
		assertThat(body("{\"detail\":{\"name\":[\"mySecret\"],\"labelUpdated\":[\"AWSCURRENT\"]}}")).isTrue();
		assertThat(body("{\"detail\":{\"name\":[\"other\"]}}")).isFalse();
		assertThat(body("{\"name\":[\"mySecret\"]}")).as("not at the top").isFalse();
	}

	@Test
	void arraysInTheMessageMatchByAnyElement() {
		assertThat(body("{\"resources\":[\"arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret-a1b2c3\"]}"))
			.isTrue();
		assertThat(body("{\"detail\":{\"tags\":[\"b\"]}}")).isTrue();
		assertThat(body("{\"detail\":{\"tags\":[\"c\"]}}")).isFalse();
	}

	@Test
	void operators() {
		assertThat(body(
				"{\"resources\":[{\"prefix\":\"arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret-\"}]}"))
			.isTrue();
		assertThat(body("{\"detail\":{\"name\":[{\"suffix\":\"Secret\"}]}}")).isTrue();
		assertThat(body("{\"detail\":{\"name\":[{\"equals-ignore-case\":\"MYSECRET\"}]}}")).isTrue();
		assertThat(body("{\"detail\":{\"labelUpdated\":[{\"anything-but\":[\"AWSPENDING\",\"AWSPREVIOUS\"]}]}}"))
			.isTrue();
		assertThat(body("{\"detail\":{\"labelUpdated\":[{\"anything-but\":\"AWSCURRENT\"}]}}")).isFalse();
		assertThat(body("{\"detail\":{\"labelUpdated\":[{\"anything-but\":{\"prefix\":\"AWS\"}}]}}")).isFalse();
		assertThat(body("{\"detail\":{\"versionId\":[{\"exists\":true}]}}")).isTrue();
		assertThat(body("{\"detail\":{\"missing\":[{\"exists\":false}]}}")).isTrue();
		assertThat(body("{\"detail\":{\"missing\":[{\"exists\":true}]}}")).isFalse();
		assertThat(body("{\"detail\":{\"missing\":[{\"anything-but\":\"x\"}]}}")).as("anything-but needs the key")
			.isFalse();
		assertThat(body("{\"detail\":{\"size\":[{\"numeric\":[\">\",10,\"<=\",12]}]}}")).isTrue();
		assertThat(body("{\"detail\":{\"size\":[{\"numeric\":[\"<\",12]}]}}")).isFalse();
		assertThat(body("{\"detail\":{\"size\":[12.0]}}")).isTrue();
		assertThat(body("{\"detail\":{\"empty\":[null]}}")).isTrue();
	}

	@Test
	void orOperatorMatchesAnyBranch() {
		String policy = "{\"source\":[\"aws.secretsmanager\"],\"$or\":[{\"detail\":{\"name\":[\"other\"]}},"
				+ "{\"resources\":[{\"prefix\":\"arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret\"}]}]}";
		assertThat(body(policy)).isTrue();
		assertThat(body(policy.replace("mySecret\"}", "nope\"}"))).isFalse();
	}

	@Test
	void messageAttributes() {
		FilterPolicy policy = FilterPolicy.parse(this.json,
				"{\"store\":[\"example_corp\"],\"price_usd\":[{\"numeric\":[\">=\",100]}],\"interests\":[\"rugby\"]}",
				FilterPolicy.SCOPE_ATTRIBUTES);
		assertThat(policy.matchesAttributes(this.json,
				Map.of("store", new EmulatorTopics.MessageAttribute("String", "example_corp"), "price_usd",
						new EmulatorTopics.MessageAttribute("Number", "210.75"), "interests",
						new EmulatorTopics.MessageAttribute("String.Array", "[\"soccer\",\"rugby\"]"))))
			.isTrue();
		assertThat(policy.matchesAttributes(this.json,
				Map.of("store", new EmulatorTopics.MessageAttribute("String", "example_corp"), "price_usd",
						new EmulatorTopics.MessageAttribute("Number", "99"), "interests",
						new EmulatorTopics.MessageAttribute("String.Array", "[\"rugby\"]"))))
			.isFalse();
	}

	@Test
	void constraintsAsAwsDocumentsThem() {
		assertInvalid("{\"a\":{\"b\":[\"c\"]}}", FilterPolicy.SCOPE_ATTRIBUTES);
		assertInvalid("{\"a\":[]}", FilterPolicy.SCOPE_BODY);
		assertInvalid("{\"a\":\"b\"}", FilterPolicy.SCOPE_BODY);
		assertInvalid("[\"a\"]", FilterPolicy.SCOPE_BODY);
		assertInvalid("{\"a\":[{\"wildcard\":\"*\"}]}", FilterPolicy.SCOPE_BODY);
		assertInvalid("{\"a\":[{\"numeric\":[\"~\",1]}]}", FilterPolicy.SCOPE_BODY);
		assertInvalid("{\"a\":[\"x\"],\"b\":[\"x\"],\"c\":[\"x\"],\"d\":[\"x\"],\"e\":[\"x\"],\"f\":[\"x\"]}",
				FilterPolicy.SCOPE_BODY);
		assertInvalid("{\"a\":[\"x\"]}", "Elsewhere");
		StringBuilder large = new StringBuilder("{\"a\":[");
		for (int i = 0; i < 150; i++) {
			large.append((i > 0) ? "," : "").append('"').append("x".repeat(1800)).append(i).append('"');
		}
		assertInvalid(large.append("]}").toString(), FilterPolicy.SCOPE_BODY);
	}

	@Test
	void orBranchesAddUpInsteadOfMultiplying() {
		// 13 values: three branches add up to 39; two keys multiply to 169, over 150.
		String values = "[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\",\"12\",\"13\"]";
		String policy = "{\"$or\":[{\"a\":" + values + "},{\"b\":" + values + "},{\"c\":" + values + "}]}";
		FilterPolicy.parse(this.json, policy, FilterPolicy.SCOPE_BODY);
		assertInvalid("{\"x\":" + values + ",\"y\":" + values + "}", FilterPolicy.SCOPE_BODY);
	}

	private void assertInvalid(String policy, String scope) {
		assertThatExceptionOfType(EmulatorServiceException.class)
			.isThrownBy(() -> FilterPolicy.parse(this.json, policy, scope))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo("InvalidParameter"));
	}

	private boolean body(String policy) {
		return FilterPolicy.parse(this.json, policy, FilterPolicy.SCOPE_BODY).matchesBody(this.json, EVENT);
	}

}
