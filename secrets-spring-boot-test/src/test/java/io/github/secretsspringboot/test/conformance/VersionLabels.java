package io.github.secretsspringboot.test.conformance;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

/**
 * Reads the staging labels of every version of a secret, deprecated ones included, so
 * that scenarios can assert the whole state a label transition leaves, not just one
 * version.
 */
final class VersionLabels {

	private VersionLabels() {
	}

	/**
	 * Version id to its labels (empty for a deprecated version), in the order AWS lists
	 * them.
	 */
	static Map<String, Set<String>> of(SecretsManagerClient client, String secretId) {
		Map<String, Set<String>> labels = new LinkedHashMap<>();
		client.listSecretVersionIdsPaginator((r) -> r.secretId(secretId).includeDeprecated(true))
			.stream()
			.flatMap((page) -> page.versions().stream())
			.forEach((SecretVersionsListEntry entry) -> labels.put(entry.versionId(),
					new TreeSet<>(entry.versionStages())));
		return labels;
	}

	/** A fresh {@code ClientRequestToken}, as the SDK would generate. */
	static String token() {
		return UUID.randomUUID().toString();
	}

}
