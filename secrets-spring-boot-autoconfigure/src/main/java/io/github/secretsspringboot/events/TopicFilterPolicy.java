package io.github.secretsspringboot.events;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The SNS filter policy (scope {@code MessageBody}) of an instance's subscription: only
 * the events of the secrets it imports. A {@code Secret Label Updated} event names the
 * secret in {@code detail.name} and its ARN in {@code resources}; a CloudTrail event in
 * {@code detail.requestParameters.secretId} (name or ARN, as the caller gave it) or, for
 * CreateSecret, {@code detail.requestParameters.name}. The policy may let a few other
 * events through (a prefix also matches longer names): the consumer ignores those
 * cheaply, whereas an event filtered out would be lost. Over AWS's limits (150 value
 * combinations, 256 KB) it falls back to every Secrets Manager event.
 */
final class TopicFilterPolicy {

	/** Every Secrets Manager event, when the precise policy is over AWS's limits. */
	static final String ALL_SECRETS_MANAGER_EVENTS = "{\"source\":[\"aws.secretsmanager\"]}";

	static final int MAX_COMBINATIONS = 150;

	static final int MAX_BYTES = 256 * 1024;

	private static final JsonFactory FACTORY = new JsonFactory();

	// arn:partition:secretsmanager:region:account:secret:name[-random6]
	private static final Pattern SECRET_ARN = Pattern
		.compile("(arn:[a-z-]+:secretsmanager:[a-z0-9-]*:\\d*:secret:)(.+)");

	private static final Pattern TOPIC_ARN = Pattern.compile("arn:([a-z-]+):sns:([a-z0-9-]+):(\\d+):.+");

	private static final Pattern RANDOM_SUFFIX = Pattern.compile("-[A-Za-z0-9]{6}$");

	private TopicFilterPolicy() {
	}

	/**
	 * The policy for these secrets.
	 * @param secretArnsOrNames the imported secrets, by ARN (full or partial) or name
	 * @param topicArn the topic: a name given without ARN is matched as an ARN of the
	 * topic's partition, region and account too
	 * @return the policy's JSON
	 */
	static String of(Collection<String> secretArnsOrNames, String topicArn) {
		Set<String> arnPrefixes = new LinkedHashSet<>();
		Set<String> names = new LinkedHashSet<>();
		Set<String> secretIdPrefixes = new LinkedHashSet<>();
		Matcher topic = TOPIC_ARN.matcher(topicArn);
		String topicSecretArnPrefix = topic.matches()
				? "arn:" + topic.group(1) + ":secretsmanager:" + topic.group(2) + ":" + topic.group(3) + ":secret:"
				: null;
		for (String id : secretArnsOrNames) {
			Matcher arn = SECRET_ARN.matcher(id);
			if (arn.matches()) {
				// Full or partial ARN: a prefix matches both.
				arnPrefixes.add(id);
				secretIdPrefixes.add(id);
				String rest = arn.group(2);
				names.add(rest);
				Matcher suffix = RANDOM_SUFFIX.matcher(rest);
				if (suffix.find() && suffix.start() > 0) {
					names.add(rest.substring(0, suffix.start()));
				}
			}
			else {
				names.add(id);
				if (topicSecretArnPrefix != null) {
					secretIdPrefixes.add(topicSecretArnPrefix + id);
				}
			}
		}
		if (names.isEmpty()) {
			return ALL_SECRETS_MANAGER_EVENTS;
		}
		int combinations = arnPrefixes.size() + names.size() + (names.size() + secretIdPrefixes.size()) + names.size();
		if (combinations > MAX_COMBINATIONS) {
			return ALL_SECRETS_MANAGER_EVENTS;
		}
		String policy = write(arnPrefixes, names, secretIdPrefixes);
		return (policy.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) ? ALL_SECRETS_MANAGER_EVENTS : policy;
	}

	private static String write(Set<String> arnPrefixes, Set<String> names, Set<String> secretIdPrefixes) {
		StringWriter out = new StringWriter();
		try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeName("$or");
			json.writeStartArray();
			if (!arnPrefixes.isEmpty()) {
				json.writeStartObject();
				json.writeName("resources");
				writeValues(json, Set.of(), arnPrefixes);
				json.writeEndObject();
			}
			writeDetail(json, null, "name", names, Set.of());
			writeDetail(json, "requestParameters", "secretId", names, secretIdPrefixes);
			writeDetail(json, "requestParameters", "name", names, Set.of());
			json.writeEndArray();
			json.writeEndObject();
		}
		return out.toString();
	}

	private static void writeDetail(JsonGenerator json, @Nullable String nested, String key, Set<String> exact,
			Set<String> prefixes) {
		json.writeStartObject();
		json.writeName("detail");
		json.writeStartObject();
		if (nested != null) {
			json.writeName(nested);
			json.writeStartObject();
		}
		json.writeName(key);
		writeValues(json, exact, prefixes);
		if (nested != null) {
			json.writeEndObject();
		}
		json.writeEndObject();
		json.writeEndObject();
	}

	private static void writeValues(JsonGenerator json, Set<String> exact, Set<String> prefixes) {
		json.writeStartArray();
		for (String value : exact) {
			json.writeString(value);
		}
		for (String prefix : prefixes) {
			json.writeStartObject();
			json.writeName("prefix");
			json.writeString(prefix);
			json.writeEndObject();
		}
		json.writeEndArray();
	}

}
