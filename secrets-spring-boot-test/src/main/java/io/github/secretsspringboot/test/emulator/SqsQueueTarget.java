package io.github.secretsspringboot.test.emulator;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An SQS queue as an EventBridge rule target: each event is one message, sent with the
 * real SDK client to the host and port of the queue's URL.
 */
final class SqsQueueTarget implements EventTarget, AutoCloseable {

	private final String queueUrl;

	private final SqsClient client;

	SqsQueueTarget(String queueUrl, String region) {
		URI url = URI.create(queueUrl);
		if (url.getScheme() == null || url.getHost() == null) {
			throw new IllegalArgumentException(
					"A queue URL such as http://127.0.0.1:9324/123456789012/events " + "is expected, was " + queueUrl);
		}
		this.queueUrl = queueUrl;
		URI endpoint = URI
			.create(url.getScheme() + "://" + url.getHost() + ((url.getPort() != -1) ? ":" + url.getPort() : ""));
		// EmulatorEvents retries with its own backoff; the SDK's retries would only
		// multiply the attempts.
		this.client = SqsClient.builder()
			.endpointOverride(endpoint)
			.region(Region.of(region))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")))
			.httpClient(UrlConnectionHttpClient.create())
			.overrideConfiguration((override) -> override.retryStrategy(AwsRetryStrategy.doNotRetry()))
			.build();
	}

	@Override
	public void deliver(String eventJson) {
		this.client.sendMessage((request) -> request.queueUrl(this.queueUrl).messageBody(eventJson));
	}

	@Override
	public void close() {
		this.client.close();
	}

	@Override
	public String toString() {
		return "SQS queue " + this.queueUrl;
	}

}
