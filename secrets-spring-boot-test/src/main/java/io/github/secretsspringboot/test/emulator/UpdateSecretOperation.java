package io.github.secretsspringboot.test.emulator;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * UpdateSecret: changes a secret's description or KMS key and, when a value is given,
 * adds a version that becomes AWSCURRENT.
 * <p>
 * A {@code ClientRequestToken} naming an existing version follows the PutSecretValue
 * rules: with the same value it is a retry and succeeds without change, with another
 * value it is a {@code ResourceExistsException}. (The operation's summary in the
 * reference says an existing token is an error; its token member and the SDKs' automatic
 * retries with the same token only make sense if an identical retry succeeds.)
 */
final class UpdateSecretOperation implements Operation {

	@Override
	public ObjectNode invoke(Request request, OperationContext context) {
		String secretId = request.secretId();
		// Validated even when no version is created, as every member of the request is.
		request.clientRequestToken();
		String description = request.string("Description", 0, 2048);
		String kmsKeyId = request.string("KmsKeyId", 0, 2048);
		SecretValues.NewValue value = SecretValues.read(request);
		String versionId = (value != null) ? SecretVersionWriter.versionId(request) : null;
		StoredSecret secret = context.activeSecret(secretId);
		ObjectNode response = context.newResponse(secret);
		if (value != null) {
			SecretVersionWriter.Written written = SecretVersionWriter.write(context, secret, versionId, value,
					List.of(StoredSecret.AWSCURRENT));
			response.put("VersionId", written.version().versionId());
		}
		if (description != null) {
			secret.description(description);
		}
		if (kmsKeyId != null) {
			// An empty key id means the AWS managed key aws/secretsmanager, which is not
			// reported.
			secret.kmsKeyId(kmsKeyId.isEmpty() ? null : kmsKeyId);
		}
		if (description != null || kmsKeyId != null) {
			secret.changed(context.now());
		}
		return response;
	}

}
