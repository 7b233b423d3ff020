package io.github.secretsspringboot;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/events.md is read by people who paste its templates and policies into their
 * accounts: the CloudFormation templates parse and hang together, the IAM policies are
 * valid JSON of least privilege, the Terraform refers only to what it declares, the
 * properties and meters are those the starter has, and the cost table adds up.
 */
class EventsDocumentationTests {

	/**
	 * The {@code aws.secrets.events.*} properties and their defaults, as the design names
	 * them; to be read from the configuration metadata once the properties exist.
	 */
	private static final Map<String, String> PROPERTIES = properties();

	private static final Set<String> METERS = Set.of("aws.secrets.events.received", "aws.secrets.events.applied",
			"aws.secrets.events.ignored", "aws.secrets.events.invalid", "aws.secrets.events.catch-ups",
			"aws.secrets.events.delay");

	private static final List<String> CHANGING_CALLS = List.of("PutSecretValue", "UpdateSecret",
			"UpdateSecretVersionStage", "RotateSecret", "CancelRotateSecret", "DeleteSecret", "CreateSecret",
			"RestoreSecret");

	private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```$");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static String document;

	@BeforeAll
	static void read() throws IOException {
		document = Files.readString(Path.of("../docs/events.md"));
	}

	@Test
	void propertiesTableListsExactlyTheEventProperties() {
		Map<String, String> documented = new LinkedHashMap<>();
		Matcher row = Pattern.compile("(?m)^\\| `(aws\\.secrets\\.events\\.[a-z-]+)` \\|\\s*`?([^`|]*?)`?\\s*\\|")
			.matcher(section("## Configuration"));
		while (row.find()) {
			documented.put(row.group(1), row.group(2).trim());
		}
		assertThat(documented).as("properties table of docs/events.md").isEqualTo(PROPERTIES);
	}

	@Test
	void everyEventPropertyNamedAnywhereExists() {
		Matcher named = Pattern.compile("aws\\.secrets\\.events\\.([a-z-]+)").matcher(document);
		Set<String> unknown = new LinkedHashSet<>();
		while (named.find()) {
			String name = named.group();
			if (!PROPERTIES.containsKey(name) && !METERS.contains(name)) {
				unknown.add(name);
			}
		}
		assertThat(unknown).as("names under aws.secrets.events that are neither a property nor a meter").isEmpty();
	}

	@Test
	void metricsTableListsExactlyTheMeters() {
		Set<String> documented = new LinkedHashSet<>();
		Matcher row = Pattern.compile("(?m)^\\| `(aws\\.secrets\\.events\\.[a-z-]+)` \\|")
			.matcher(section("## Metrics"));
		while (row.find()) {
			documented.add(row.group(1));
		}
		assertThat(documented).containsExactlyInAnyOrderElementsOf(METERS);
	}

	@Test
	void actuatorTableListsTheEventFields() {
		String actuator = section("## Actuator");
		for (String field : List.of("mode", "queue", "state", "lastEventAt", "lastError", "lag", "received", "applied",
				"ignored", "invalid")) {
			assertThat(actuator).as(field).contains("`" + field + "`");
		}
		for (String state : List.of("CONNECTED", "CONNECTING", "FAILING", "STOPPED")) {
			assertThat(actuator).contains("`" + state + "`");
		}
	}

	@Test
	void queueTemplateRoutesBothRulesToAQueueOnlyThoseRulesMaySendTo() {
		Map<String, Object> template = template("AWS::SQS::QueuePolicy");
		Map<String, Map<String, Object>> resources = resources(template);
		assertReferencesResolve(template, resources.keySet());
		assertRules(resources);
		Map<String, Object> policy = properties(resources, "AWS::SQS::QueuePolicy");
		Map<String, Object> statement = singleStatement(map(policy.get("PolicyDocument")));
		assertThat(statement).containsEntry("Effect", "Allow").containsEntry("Action", "sqs:SendMessage");
		assertThat(map(statement.get("Principal"))).containsEntry("Service", "events.amazonaws.com");
		assertThat(sourceArns(statement))
			.containsExactlyInAnyOrderElementsOf(logicalIds(resources, "AWS::Events::Rule"));
		Set<String> allowedQueues = new LinkedHashSet<>(getAttTargets(statement.get("Resource")));
		Set<String> policyQueues = new LinkedHashSet<>(refTargets(policy.get("Queues")));
		assertThat(policyQueues).isEqualTo(allowedQueues);
		for (Map<String, Object> target : targets(resources)) {
			assertThat(getAttTargets(target.get("Arn"))).allSatisfy((queue) -> {
				assertThat(resources.get(queue)).containsEntry("Type", "AWS::SQS::Queue");
				assertThat(allowedQueues).contains(queue);
			});
			Object deadLetter = map(target.get("DeadLetterConfig")).get("Arn");
			assertThat(allowedQueues).containsAll(getAttTargets(deadLetter));
		}
		Map<String, Object> queue = properties(resources, "AWS::SQS::Queue");
		assertThat(queue).containsEntry("ReceiveMessageWaitTimeSeconds", 20)
			.containsEntry("VisibilityTimeout", 30)
			.containsEntry("MessageRetentionPeriod", 6 * 3600);
	}

	@Test
	void topicTemplateRoutesBothRulesToATopicOnlyThoseRulesMayPublishTo() {
		Map<String, Object> template = template("AWS::SNS::TopicPolicy");
		Map<String, Map<String, Object>> resources = resources(template);
		assertReferencesResolve(template, resources.keySet());
		assertRules(resources);
		String topic = logicalIds(resources, "AWS::SNS::Topic").get(0);
		for (Map<String, Object> target : targets(resources)) {
			assertThat(refTargets(target.get("Arn"))).containsExactly(topic);
		}
		Map<String, Object> policy = properties(resources, "AWS::SNS::TopicPolicy");
		assertThat(refTargets(policy.get("Topics"))).containsExactly(topic);
		Map<String, Object> statement = singleStatement(map(policy.get("PolicyDocument")));
		assertThat(statement).containsEntry("Effect", "Allow").containsEntry("Action", "sns:Publish");
		assertThat(map(statement.get("Principal"))).containsEntry("Service", "events.amazonaws.com");
		assertThat(refTargets(statement.get("Resource"))).containsExactly(topic);
		assertThat(sourceArns(statement))
			.containsExactlyInAnyOrderElementsOf(logicalIds(resources, "AWS::Events::Rule"));
	}

	@Test
	void queueModePolicyOnlyReceivesAndDeletes() {
		JsonNode policy = iamPolicy("ReceiveSecretEvents");
		Set<String> actions = actions(policy);
		assertThat(actions).contains("sqs:ReceiveMessage", "sqs:DeleteMessage")
			.allSatisfy((action) -> assertThat(action).startsWith("sqs:"))
			.doesNotContain("sqs:SendMessage", "sqs:CreateQueue", "sqs:DeleteQueue", "sqs:SetQueueAttributes",
					"sqs:PurgeQueue");
		assertThat(resources(policy))
			.allSatisfy((resource) -> assertThat(resource).startsWith("arn:aws:sqs:").doesNotContain("*"));
	}

	@Test
	void topicModePolicyLimitsQueueActionsToThePrefix() {
		JsonNode policy = iamPolicy("OwnSecretEventQueues");
		assertThat(actions(policy))
			.contains("sqs:CreateQueue", "sqs:DeleteQueue", "sqs:SetQueueAttributes", "sqs:TagQueue",
					"sqs:ListQueueTags", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ListQueues", "sns:Subscribe",
					"sns:Unsubscribe", "sns:ListSubscriptionsByTopic")
			.doesNotContain("sqs:SendMessage", "sns:Publish", "sns:DeleteTopic");
		for (JsonNode statement : policy.get("Statement")) {
			Set<String> actions = actions(statement);
			List<String> resources = resources(statement);
			if (actions.equals(Set.of("sqs:ListQueues"))) {
				assertThat(resources).containsExactly("*");
			}
			else if (actions.stream().allMatch((action) -> action.startsWith("sqs:"))) {
				assertThat(resources).singleElement().asString().matches("arn:aws:sqs:[^:]+:\\d{12}:[a-z-]+-\\*");
			}
			else {
				assertThat(resources).isNotEmpty()
					.allSatisfy((resource) -> assertThat(resource).matches("arn:aws:sns:[^:]+:\\d{12}:[a-z-]+(:\\*)?"));
			}
		}
	}

	@Test
	void everyJsonBlockParses() {
		List<String> blocks = blocks("json");
		assertThat(blocks).hasSizeGreaterThanOrEqualTo(2);
		for (String block : blocks) {
			JsonNode policy = json.readTree(block);
			assertThat(policy.path("Version").asString()).isEqualTo("2012-10-17");
			for (JsonNode statement : policy.get("Statement")) {
				assertThat(statement.path("Effect").asString()).isEqualTo("Allow");
				assertThat(statement.path("Sid").asString()).matches("[A-Za-z0-9]+");
			}
		}
	}

	@Test
	void terraformRefersOnlyToWhatItDeclaresAndMatchesTheTemplates() {
		String terraform = String.join("\n", blocks("hcl"));
		assertThat(terraform.chars().filter((c) -> c == '{').count())
			.isEqualTo(terraform.chars().filter((c) -> c == '}').count());
		assertThat(terraform.chars().filter((c) -> c == '[').count())
			.isEqualTo(terraform.chars().filter((c) -> c == ']').count());
		Set<String> declared = new LinkedHashSet<>();
		Matcher declaration = Pattern.compile("(?m)^(resource|data) \"(\\w+)\" \"(\\w+)\"").matcher(terraform);
		while (declaration.find()) {
			String address = ("data".equals(declaration.group(1)) ? "data." : "") + declaration.group(2) + "."
					+ declaration.group(3);
			assertThat(declared.add(address)).as("declared twice: " + address).isTrue();
		}
		assertThat(declared).contains("aws_cloudwatch_event_rule.secret_label_updated",
				"aws_cloudwatch_event_rule.secret_api_calls", "aws_sqs_queue.secret_events",
				"aws_sqs_queue_policy.secret_events", "aws_sns_topic.secret_events",
				"aws_sns_topic_policy.secret_events");
		Matcher reference = Pattern.compile("(?<![\\w.\"])((?:data\\.)?aws_\\w+\\.\\w+)\\.\\w+").matcher(terraform);
		Set<String> referenced = new LinkedHashSet<>();
		while (reference.find()) {
			referenced.add(reference.group(1));
		}
		assertThat(referenced).isNotEmpty();
		assertThat(declared).containsAll(referenced);
		for (String call : CHANGING_CALLS) {
			assertThat(terraform).contains("\"" + call + "\"");
		}
		assertThat(terraform).contains("\"events.amazonaws.com\"", "\"aws:SourceArn\"",
				"\"secretsmanager.amazonaws.com\"", "[\"aws.secretsmanager\"]", "[\"Secret Label Updated\"]",
				"[\"AWS API Call via CloudTrail\"]");
	}

	@Test
	void costTableAddsUp() {
		Matcher row = Pattern
			.compile("(?m)^\\| (\\d+) instances × (\\d+) secrets \\| (.*?) \\| (.*?) \\| (.*?) \\| (.*?) \\|$")
			.matcher(section("## Request costs"));
		int rows = 0;
		while (row.find()) {
			rows++;
			long instances = Long.parseLong(row.group(1));
			long secrets = Long.parseLong(row.group(2));
			long polling = instances * secrets * 12 * 24 * 30;
			long safetyNet = instances * secrets * 4 * 30;
			long receives = instances * 3 * 60 * 24 * 30;
			BigDecimal pollingCost = secretsManagerCost(polling);
			BigDecimal safetyNetCost = secretsManagerCost(safetyNet);
			BigDecimal sqsCost = BigDecimal.valueOf(receives).multiply(new BigDecimal("0.40")).movePointLeft(6);
			String fleet = row.group(1) + " x " + row.group(2);
			assertCount(row.group(3), polling, fleet);
			assertCount(row.group(4), safetyNet, fleet);
			assertCount(row.group(5), receives, fleet);
			assertDollars(row.group(3), pollingCost, fleet);
			assertDollars(row.group(4), safetyNetCost, fleet);
			assertDollars(row.group(5), sqsCost, fleet);
			assertDollars(row.group(6), safetyNetCost.add(sqsCost), fleet);
		}
		assertThat(rows).isEqualTo(3);
		assertThat(document).contains("500 × 50 × 8,640 = 216,000,000", "500 × 50 × 120 = 3,000,000",
				"500 × 129,600 = 64,800,000");
	}

	@Test
	void linksToTheTopicModeGuideAndToExistingDocuments() {
		assertThat(document).contains("(events-topic.md)");
		Matcher link = Pattern.compile("\\]\\(((?:\\.\\./)?[A-Za-z-]+\\.md)(#[a-z-]+)?\\)").matcher(document);
		while (link.find()) {
			if (!link.group(1).equals("events-topic.md")) {
				assertThat(Path.of("../docs").resolve(link.group(1))).as(link.group()).exists();
			}
		}
	}

	private static BigDecimal secretsManagerCost(long requests) {
		return BigDecimal.valueOf(requests).multiply(new BigDecimal("0.05")).divide(BigDecimal.valueOf(10_000));
	}

	private static void assertCount(String cell, long expected, String fleet) {
		Matcher count = Pattern.compile("^([\\d.,]+)( million)? ").matcher(cell);
		assertThat(count.find()).as(cell).isTrue();
		BigDecimal documented = new BigDecimal(count.group(1).replace(",", ""));
		if (count.group(2) != null) {
			documented = documented.movePointRight(6);
		}
		// Counts in millions are rounded to the digits shown.
		assertThat(documented.doubleValue()).as(fleet + ": " + cell).isCloseTo(expected, Percentage.withPercentage(1));
	}

	private static void assertDollars(String cell, BigDecimal expected, String fleet) {
		Matcher dollars = Pattern.compile("\\$([\\d,]+(?:\\.\\d{2})?)").matcher(cell);
		assertThat(dollars.find()).as(cell).isTrue();
		BigDecimal documented = new BigDecimal(dollars.group(1).replace(",", ""));
		assertThat(documented).as(fleet + ": " + cell).isEqualByComparingTo(expected.setScale(2, RoundingMode.HALF_UP));
	}

	private static void assertRules(Map<String, Map<String, Object>> resources) {
		List<String> rules = logicalIds(resources, "AWS::Events::Rule");
		assertThat(rules).hasSize(2);
		Map<String, Object> labels = null;
		Map<String, Object> calls = null;
		for (String rule : rules) {
			Map<String, Object> pattern = map(map(resources.get(rule).get("Properties")).get("EventPattern"));
			assertThat(pattern.get("source")).isEqualTo(List.of("aws.secretsmanager"));
			if (List.of("Secret Label Updated").equals(pattern.get("detail-type"))) {
				labels = pattern;
			}
			else if (List.of("AWS API Call via CloudTrail").equals(pattern.get("detail-type"))) {
				calls = pattern;
			}
		}
		assertThat(labels).as("a rule for Secret Label Updated").isNotNull().doesNotContainKey("detail");
		assertThat(calls).as("a rule for AWS API Call via CloudTrail").isNotNull();
		Map<String, Object> detail = map(calls.get("detail"));
		assertThat(detail.get("eventSource")).isEqualTo(List.of("secretsmanager.amazonaws.com"));
		assertThat(detail.get("eventName")).isInstanceOf(List.class);
		assertThat(new ArrayList<Object>(list(detail.get("eventName"))))
			.containsExactlyInAnyOrderElementsOf(CHANGING_CALLS);
		assertThat(detail.get("errorCode")).isEqualTo(List.of(Map.of("exists", false)));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> targets(Map<String, Map<String, Object>> resources) {
		List<Map<String, Object>> targets = new ArrayList<>();
		for (String rule : logicalIds(resources, "AWS::Events::Rule")) {
			Object ruleTargets = map(resources.get(rule).get("Properties")).get("Targets");
			assertThat(list(ruleTargets)).as(rule + " targets").isNotEmpty().hasSizeLessThanOrEqualTo(5);
			list(ruleTargets).forEach((target) -> targets.add((Map<String, Object>) target));
		}
		return targets;
	}

	private static List<String> sourceArns(Map<String, Object> statement) {
		Object arns = map(map(statement.get("Condition")).get("ArnEquals")).get("aws:SourceArn");
		return getAttTargets(arns);
	}

	/** The logical ids of {@code Fn::GetAtt: [Id, Arn]} in a value or list of values. */
	private static List<String> getAttTargets(Object value) {
		List<String> ids = new ArrayList<>();
		for (Object item : (value instanceof List<?> items) ? items : List.of(value)) {
			List<?> getAtt = list(map(item).get("Fn::GetAtt"));
			assertThat(getAtt).hasSize(2).element(1).isEqualTo("Arn");
			ids.add((String) getAtt.get(0));
		}
		return ids;
	}

	/** The logical ids of {@code Ref: Id} in a value or list of values. */
	private static List<String> refTargets(Object value) {
		List<String> ids = new ArrayList<>();
		for (Object item : (value instanceof List<?> items) ? items : List.of(value)) {
			Object ref = map(item).get("Ref");
			assertThat(ref).as("Ref in " + item).isInstanceOf(String.class);
			ids.add((String) ref);
		}
		return ids;
	}

	private static void assertReferencesResolve(Object node, Set<String> logicalIds) {
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> {
				if ("Ref".equals(key)) {
					assertThat(logicalIds).contains((String) value);
				}
				else if ("Fn::GetAtt".equals(key)) {
					assertThat(logicalIds).contains((String) list(value).get(0));
				}
				assertReferencesResolve(value, logicalIds);
			});
		}
		else if (node instanceof List<?> items) {
			items.forEach((item) -> assertReferencesResolve(item, logicalIds));
		}
	}

	private static Map<String, Object> properties(Map<String, Map<String, Object>> resources, String type) {
		List<String> ids = logicalIds(resources, type);
		assertThat(ids).as(type).isNotEmpty();
		return map(resources.get(ids.get(0)).get("Properties"));
	}

	private static List<String> logicalIds(Map<String, Map<String, Object>> resources, String type) {
		return resources.entrySet()
			.stream()
			.filter((resource) -> type.equals(resource.getValue().get("Type")))
			.map(Map.Entry::getKey)
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> resources(Map<String, Object> template) {
		assertThat(template).containsEntry("AWSTemplateFormatVersion", "2010-09-09");
		return (Map<String, Map<String, Object>>) template.get("Resources");
	}

	private static Map<String, Object> singleStatement(Map<String, Object> document) {
		assertThat(document).containsEntry("Version", "2012-10-17");
		List<?> statements = list(document.get("Statement"));
		assertThat(statements).hasSize(1);
		return map(statements.get(0));
	}

	/** The CloudFormation template in the document that declares a {@code type}. */
	private static Map<String, Object> template(String type) {
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
		List<Map<String, Object>> templates = new ArrayList<>();
		for (String block : blocks("yaml")) {
			Map<String, Object> parsed = map(yaml.load(block));
			if (parsed.containsKey("AWSTemplateFormatVersion")) {
				templates.add(parsed);
			}
		}
		assertThat(templates).hasSize(2);
		return templates.stream()
			.filter((template) -> !logicalIds(resources(template), type).isEmpty())
			.findFirst()
			.orElseThrow(() -> new AssertionError("No template declares " + type));
	}

	private static JsonNode iamPolicy(String sid) {
		for (String block : blocks("json")) {
			JsonNode policy = json.readTree(block);
			for (JsonNode statement : policy.path("Statement")) {
				if (sid.equals(statement.path("Sid").asString())) {
					return policy;
				}
			}
		}
		throw new AssertionError("No policy with a statement " + sid);
	}

	private static Set<String> actions(JsonNode policyOrStatement) {
		Set<String> actions = new LinkedHashSet<>();
		List<JsonNode> statements = new ArrayList<>();
		if (policyOrStatement.has("Statement")) {
			policyOrStatement.get("Statement").forEach(statements::add);
		}
		else {
			statements.add(policyOrStatement);
		}
		for (JsonNode statement : statements) {
			JsonNode action = statement.get("Action");
			if (action.isArray()) {
				action.forEach((item) -> actions.add(item.asString()));
			}
			else {
				actions.add(action.asString());
			}
		}
		return actions;
	}

	private static List<String> resources(JsonNode policyOrStatement) {
		List<String> resources = new ArrayList<>();
		List<JsonNode> statements = new ArrayList<>();
		if (policyOrStatement.has("Statement")) {
			policyOrStatement.get("Statement").forEach(statements::add);
		}
		else {
			statements.add(policyOrStatement);
		}
		for (JsonNode statement : statements) {
			JsonNode resource = statement.get("Resource");
			if (resource.isArray()) {
				resource.forEach((item) -> resources.add(item.asString()));
			}
			else {
				resources.add(resource.asString());
			}
		}
		return resources;
	}

	private static List<String> blocks(String language) {
		List<String> blocks = new ArrayList<>();
		Matcher fence = FENCE.matcher(document);
		while (fence.find()) {
			if (fence.group(1).equals(language)) {
				blocks.add(fence.group(2));
			}
		}
		return blocks;
	}

	/** The text of the section whose heading starts with {@code heading}. */
	private static String section(String heading) {
		int start = document.indexOf("\n" + heading);
		assertThat(start).as(heading).isNotNegative();
		int end = document.indexOf("\n## ", start + 1);
		return document.substring(start, (end < 0) ? document.length() : end);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private static List<?> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<?>) value;
	}

	private static Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("aws.secrets.events.enabled", "true");
		properties.put("aws.secrets.events.queue-url", "");
		properties.put("aws.secrets.events.topic-arn", "");
		properties.put("aws.secrets.events.queue-name-prefix", "secrets-events-");
		properties.put("aws.secrets.events.wait-time", "20s");
		properties.put("aws.secrets.events.visibility-timeout", "30s");
		properties.put("aws.secrets.events.max-messages", "10");
		properties.put("aws.secrets.events.heartbeat-interval", "1m");
		properties.put("aws.secrets.events.orphan-after", "15m");
		properties.put("aws.secrets.events.sqs-endpoint", "");
		properties.put("aws.secrets.events.sns-endpoint", "");
		properties.put("aws.secrets.events.safety-net-interval", "6h");
		return properties;
	}

}
