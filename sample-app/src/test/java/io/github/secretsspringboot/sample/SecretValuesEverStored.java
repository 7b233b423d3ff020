package io.github.secretsspringboot.sample;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The confidential members ({@code password}, {@code api_key}) of every version a secret
 * still has, labelled or not (Secrets Manager removes deprecated versions beyond 100 once
 * they are a day old), so that a test can check that none of them was ever written
 * anywhere. Never print them.
 */
final class SecretValuesEverStored {

	private static final Set<String> CONFIDENTIAL_MEMBERS = Set.of("password", "api_key");

	private final JsonMapper json = JsonMapper.builder().build();

	private final SecretsManagerClient client;

	SecretValuesEverStored(SecretsManagerClient client) {
		this.client = client;
	}

	Set<String> of(String... secretIds) {
		Set<String> values = new LinkedHashSet<>();
		for (String secretId : secretIds) {
			for (String versionId : versionIds(secretId)) {
				String secretString = valueOf(secretId, versionId);
				if (secretString == null) {
					continue;
				}
				JsonNode members = this.json.readTree(secretString);
				for (String member : CONFIDENTIAL_MEMBERS) {
					String value = members.path(member).asString("");
					if (!value.isEmpty()) {
						values.add(value);
					}
				}
			}
		}
		return values;
	}

	/**
	 * The version's value, or {@code null} for a version that never got one (a rotation
	 * that failed at createSecret).
	 */
	private String valueOf(String secretId, String versionId) {
		try {
			return this.client.getSecretValue((request) -> request.secretId(secretId).versionId(versionId))
				.secretString();
		}
		catch (ResourceNotFoundException ex) {
			return null;
		}
	}

	private List<String> versionIds(String secretId) {
		List<String> versionIds = new ArrayList<>();
		String nextToken = null;
		do {
			String page = nextToken;
			ListSecretVersionIdsResponse response = this.client
				.listSecretVersionIds((request) -> request.secretId(secretId).includeDeprecated(true).nextToken(page));
			response.versions().forEach((version) -> versionIds.add(version.versionId()));
			nextToken = response.nextToken();
		}
		while (nextToken != null);
		return versionIds;
	}

}
