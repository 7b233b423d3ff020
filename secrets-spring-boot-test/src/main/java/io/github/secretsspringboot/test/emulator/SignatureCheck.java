package io.github.secretsspringboot.test.emulator;

import java.util.regex.Pattern;

import com.sun.net.httpserver.Headers;

/**
 * Requires a well-formed Signature Version 4 {@code Authorization} header. The signature
 * itself is not verified: the emulator accepts any access key, as the issue of which keys
 * exist belongs to IAM, not to Secrets Manager.
 */
final class SignatureCheck {

	private static final Pattern AUTHORIZATION = Pattern
		.compile("AWS4-HMAC-SHA256 " + "Credential=[^/\\s]+/\\d{8}/[a-z0-9-]+/secretsmanager/aws4_request,\\s*"
				+ "SignedHeaders=[a-z0-9;-]+,\\s*Signature=[0-9a-f]{64}");

	private SignatureCheck() {
	}

	static void check(Headers headers) {
		String authorization = headers.getFirst("Authorization");
		if (authorization == null || authorization.isBlank()) {
			throw SecretsManagerErrors.missingAuthenticationToken();
		}
		if (!AUTHORIZATION.matcher(authorization.trim()).matches()) {
			throw SecretsManagerErrors.incompleteSignature("Authorization header requires 'Credential', "
					+ "'SignedHeaders' and 'Signature' parameters of an AWS4-HMAC-SHA256 signature "
					+ "scoped to the secretsmanager service.");
		}
		if (headers.getFirst("X-Amz-Date") == null && headers.getFirst("Date") == null) {
			throw SecretsManagerErrors.incompleteSignature(
					"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
		}
	}

}
