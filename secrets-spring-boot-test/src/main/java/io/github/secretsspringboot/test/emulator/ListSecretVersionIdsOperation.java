package io.github.secretsspringboot.test.emulator;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ListSecretVersionIds: a secret's versions in creation order, without the deprecated
 * ones (those without staging labels) unless {@code IncludeDeprecated} asks for them.
 * Answers for a secret scheduled for deletion too: the operation has no "marked for
 * deletion" error in the reference.
 */
final class ListSecretVersionIdsOperation implements Operation {

	/** The page size when the request sets no {@code MaxResults}. */
	static final int DEFAULT_PAGE_SIZE = 100;

	/**
	 * What ListSecretVersionIds reports as the key of versions encrypted with
	 * aws/secretsmanager.
	 */
	static final String DEFAULT_KEY = "DefaultEncryptionKey";

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		String secretId = request.secretId();
		Long maxResults = request.number("MaxResults", 1, 100);
		String nextToken = Paging.nextToken(request);
		boolean includeDeprecated = request.bool("IncludeDeprecated", false);
		StoredSecret secret = context.secret(secretId);
		List<SecretVersion> versions = new ArrayList<>();
		for (SecretVersion version : secret.versions().values()) {
			if (includeDeprecated || !version.isDeprecated()) {
				versions.add(version);
			}
		}
		Paging.Page<SecretVersion> page = Paging.page(versions, (maxResults != null) ? maxResults.intValue() : null,
				nextToken, DEFAULT_PAGE_SIZE, "ListSecretVersionIds|" + secret.arn() + "|" + includeDeprecated);
		ObjectNode response = context.newResponse(secret);
		ArrayNode entries = response.putArray("Versions");
		for (SecretVersion version : page.items()) {
			write(entries.addObject(), secret, version);
		}
		page.writeNextToken(response);
		return response;
	}

	private static void write(ObjectNode entry, StoredSecret secret, SecretVersion version) {
		entry.put("VersionId", version.versionId());
		if (!version.isDeprecated()) {
			ArrayNode stages = entry.putArray("VersionStages");
			version.stages().forEach(stages::add);
		}
		if (version.lastAccessedDate() != null) {
			entry.put("LastAccessedDate", OperationContext.timestamp(OperationContext.day(version.lastAccessedDate())));
		}
		entry.put("CreatedDate", OperationContext.timestamp(version.createdDate()));
		// The emulator keeps one key per secret, not per version.
		String key = secret.kmsKeyId();
		entry.putArray("KmsKeyIds").add((key != null) ? key : DEFAULT_KEY);
	}

}
