package io.github.secretsspringboot.test.emulator;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * BatchGetSecretValue: the AWSCURRENT values of up to 20 secrets, named in
 * {@code SecretIdList} or found with {@code Filters}. A secret that cannot be read
 * (missing, denied, undecryptable, scheduled for deletion) is reported in {@code Errors}
 * and does not fail the call.
 */
final class BatchGetSecretValueOperation implements Operation {

	static final int MAX_SECRETS = 20;

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		List<String> secretIds = secretIdList(request);
		SecretFilters filters = SecretFilters.read(request);
		Long maxResults = request.number("MaxResults", 1, MAX_SECRETS);
		String nextToken = Paging.nextToken(request);
		if (secretIds != null && !filters.isEmpty()) {
			throw SecretsManagerErrors
				.invalidParameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.");
		}
		if (secretIds == null && filters.isEmpty()) {
			throw SecretsManagerErrors.invalidParameter("Either 'SecretIdList' or 'Filters' must be provided.");
		}
		if (maxResults != null && filters.isEmpty()) {
			throw SecretsManagerErrors.invalidParameter(
					"'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.");
		}
		// Secrets Manager authorizes each secret as a GetSecretValue call.
		OperationContext reads = new OperationContext("GetSecretValue", context.store(), context.control(),
				context.rotations());
		ObjectNode response = context.newObject();
		ArrayNode values = response.putArray("SecretValues");
		ArrayNode errors = response.putArray("Errors");
		if (secretIds != null) {
			for (String secretId : secretIds) {
				read(reads, context, secretId, values, errors);
			}
			return response;
		}
		List<StoredSecret> matching = new ArrayList<>();
		for (StoredSecret secret : context.store().all()) {
			if (!secret.isScheduledForDeletion() && filters.matches(secret)) {
				matching.add(secret);
			}
		}
		Paging.Page<StoredSecret> page = Paging.page(matching, (maxResults != null) ? maxResults.intValue() : null,
				nextToken, MAX_SECRETS, "BatchGetSecretValue");
		for (StoredSecret secret : page.items()) {
			read(reads, context, secret.arn(), values, errors);
		}
		page.writeNextToken(response);
		return response;
	}

	/**
	 * {@code SecretIdList}, 1 to 20 ids of 1 to 2048 characters; {@code null} when
	 * absent.
	 */
	private static List<String> secretIdList(Request request) {
		if (!request.has("SecretIdList")) {
			return null;
		}
		List<String> ids = request.strings("SecretIdList");
		if (ids.isEmpty() || ids.size() > MAX_SECRETS) {
			throw SecretsManagerErrors.validation("1 validation error detected: Value at 'secretIdList' failed to "
					+ "satisfy constraint: Member must have length between 1 and " + MAX_SECRETS);
		}
		for (String id : ids) {
			if (id.isEmpty() || id.length() > 2048) {
				throw SecretsManagerErrors.validation("1 validation error detected: Value at 'secretIdList' failed "
						+ "to satisfy constraint: Member must satisfy constraint: [Member must have length between 1 "
						+ "and 2048]");
			}
		}
		return ids;
	}

	/**
	 * Reads the AWSCURRENT value as GetSecretValue would, turning its error into an entry
	 * of {@code Errors}. Access denied to the batch for this one secret (see
	 * {@link EmulatorControl#denyOperations}) is reported the same way.
	 */
	private static void read(OperationContext context, OperationContext batch, String secretId, ArrayNode values,
			ArrayNode errors) {
		try {
			StoredSecret secret = context.activeSecret(secretId);
			batch.checkAccess(secret);
			SecretVersion version = GetSecretValueOperation.select(secret, null, null);
			ObjectNode value = context.newObject();
			GetSecretValueOperation.read(context, secret, version, value);
			values.add(value);
		}
		catch (EmulatorServiceException ex) {
			errors.addObject()
				.put("SecretId", secretId)
				.put("ErrorCode", ex.errorCode())
				.put("Message", ex.getMessage());
		}
	}

}
