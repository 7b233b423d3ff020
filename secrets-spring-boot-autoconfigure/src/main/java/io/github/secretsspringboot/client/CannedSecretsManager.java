package io.github.secretsspringboot.client;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client, through the SDK's public HTTP SPI, that answers {@code GetSecretValue}
 * and {@code BatchGetSecretValue} in memory as Secrets Manager would: the warm-up's
 * throwaway client reads real responses and nothing leaves the process.
 *
 * @author secrets-spring-boot
 */
final class CannedSecretsManager implements SdkHttpClient {

	/** The secret id of the warm-up's requests, which never leave the process. */
	static final String SECRET_ID = "secrets-spring-boot-preload";

	static final String SECRET = "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:" + SECRET_ID
			+ "-AbCdEf\",\"Name\":\"" + SECRET_ID + "\",\"VersionId\":\"v1\","
			+ "\"SecretString\":\"{\\\"preload\\\": [1]}\",\"VersionStages\":[\"AWSCURRENT\"],"
			+ "\"CreatedDate\":1.7E9}";

	@Override
	public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
		boolean batch = request.httpRequest()
			.firstMatchingHeader("X-Amz-Target")
			.filter((target) -> target.endsWith(".BatchGetSecretValue"))
			.isPresent();
		String body = batch ? "{\"SecretValues\":[" + SECRET + "],\"Errors\":[]}" : SECRET;
		return new ExecutableHttpRequest() {

			@Override
			public HttpExecuteResponse call() {
				return HttpExecuteResponse.builder()
					.response(SdkHttpResponse.builder()
						.statusCode(200)
						.putHeader("Content-Type", List.of("application/x-amz-json-1.1"))
						.putHeader("x-amzn-RequestId", List.of("preload"))
						.build())
					.responseBody(AbortableInputStream
						.create(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
					.build();
			}

			@Override
			public void abort() {
			}

		};
	}

	@Override
	public void close() {
	}

}
