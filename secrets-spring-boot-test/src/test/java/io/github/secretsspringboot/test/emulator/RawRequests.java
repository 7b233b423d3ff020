package io.github.secretsspringboot.test.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * AWS JSON 1.1 requests written by hand, for tests of what an SDK would never send. The
 * emulator checks the shape of a signature, not its value, so any well-formed one serves.
 */
final class RawRequests {

	/** An {@code Authorization} header of the shape Signature Version 4 gives. */
	static final String SIGNED = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/secretsmanager/"
			+ "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="
			+ "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

	private static final HttpClient http = HttpClient.newHttpClient();

	private RawRequests() {
	}

	/**
	 * A request for {@code operation}.
	 * @param authorization the {@code Authorization} header, or {@code null} for none
	 */
	static HttpRequest request(URI endpoint, String operation, String authorization, String body) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.resolve("/"))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/x-amz-json-1.1")
			.header("X-Amz-Target", "secretsmanager." + operation)
			.header("X-Amz-Date", "20260101T000000Z");
		if (authorization != null) {
			builder.header("Authorization", authorization);
		}
		return builder.build();
	}

	static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
