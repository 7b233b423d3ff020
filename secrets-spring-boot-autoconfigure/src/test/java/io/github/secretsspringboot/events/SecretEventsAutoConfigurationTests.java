package io.github.secretsspringboot.events;

import java.util.concurrent.atomic.AtomicBoolean;

import io.github.secretsspringboot.client.SecretsManagerClientAutoConfiguration;
import io.github.secretsspringboot.refresh.SecretsRefreshAutoConfiguration;
import io.github.secretsspringboot.test.sqs.EmbeddedSqs;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When event-driven refresh is on, and the clients it builds or keeps.
 */
class SecretEventsAutoConfigurationTests {

	static EmbeddedSqs sqs;

	static String queueUrl;

	@BeforeAll
	static void startSqs() {
		sqs = EmbeddedSqs.start();
		queueUrl = sqs.createQueue("app-events");
	}

	@AfterAll
	static void stopSqs() {
		sqs.close();
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SecretsManagerClientAutoConfiguration.class,
				SecretsRefreshAutoConfiguration.class, SecretEventsAutoConfiguration.class))
		.withPropertyValues("aws.secrets.region=" + sqs.region(), "aws.secrets.events.wait-time=1s");

	@Test
	void offWithoutQueueOrTopic() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(SqsEventConsumer.class);
			assertThat(context).doesNotHaveBean(SqsClient.class);
			assertThat(context).doesNotHaveBean(SecretEventSource.class);
		});
	}

	@Test
	void offWhenDisabled() {
		this.runner.withPropertyValues("aws.secrets.events.queue-url=" + queueUrl, "aws.secrets.events.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SqsEventConsumer.class));
	}

	@Test
	void offWhenSecretsAreNotRefreshed() {
		this.runner.withPropertyValues("aws.secrets.events.queue-url=" + queueUrl, "aws.secrets.refresh.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SqsEventConsumer.class));
	}

	@Test
	void queueUrlTurnsItOnWithOwnClientAtTheQueuesEndpoint() {
		this.runner.withPropertyValues("aws.secrets.events.queue-url=" + queueUrl).run((context) -> {
			assertThat(context).hasSingleBean(SqsEventConsumer.class);
			assertThat(context).hasSingleBean(MeterBinder.class);
			SecretEventSource source = context.getBean(SecretEventSource.class);
			assertThat(source.mode()).isEqualTo("queue");
			SqsClient client = context.getBean(SqsClient.class);
			assertThat(client.serviceClientConfiguration().endpointOverride()).contains(sqs.endpoint());
			assertThat(client.serviceClientConfiguration().region().id()).isEqualTo(sqs.region());
			assertThat(context.getBean(SqsEventConsumer.class).isRunning()).isTrue();
		});
	}

	@Test
	void sqsEndpointOverridesTheQueuesOwn() {
		this.runner
			.withPropertyValues("aws.secrets.events.queue-url=https://sqs.eu-west-1.amazonaws.com/123456789012/events",
					"aws.secrets.events.sqs-endpoint=" + sqs.endpoint())
			.run((context) -> assertThat(
					context.getBean(SqsClient.class).serviceClientConfiguration().endpointOverride())
				.contains(sqs.endpoint()));
	}

	@Test
	void awsQueueUrlUsesTheRegionsEndpoint() {
		this.runner
			.withPropertyValues("aws.secrets.events.queue-url=https://sqs.eu-west-1.amazonaws.com/123456789012/events")
			.run((context) -> assertThat(
					context.getBean(SqsClient.class).serviceClientConfiguration().endpointOverride())
				.isEmpty());
	}

	@Test
	void customizerIsApplied() {
		AtomicBoolean customized = new AtomicBoolean();
		this.runner.withPropertyValues("aws.secrets.events.queue-url=" + queueUrl)
			.withBean(SecretEventsSqsClientCustomizer.class, () -> (builder) -> customized.set(true))
			.run((context) -> {
				assertThat(context).hasSingleBean(SqsClient.class);
				assertThat(customized).isTrue();
			});
	}

	@Test
	void applicationsOwnSqsClientIsKept() {
		SqsClient own = sqs.newClient();
		try {
			this.runner.withPropertyValues("aws.secrets.events.queue-url=" + queueUrl)
				.withBean("ownSqsClient", SqsClient.class, () -> own)
				.withBean(SecretEventsSqsClientCustomizer.class, () -> (builder) -> {
					throw new AssertionError("the application's own client is not customized");
				})
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context).getBean(SqsClient.class).isSameAs(own);
					assertThat(context).hasSingleBean(SqsEventConsumer.class);
				});
		}
		finally {
			own.close();
		}
	}

	@Test
	void queueUrlAndTopicArnTogetherFailWithTheFix() {
		this.runner
			.withPropertyValues("aws.secrets.events.queue-url=" + queueUrl,
					"aws.secrets.events.topic-arn=arn:aws:sns:us-east-1:123456789012:secrets-events")
			.run((context) -> assertInvalid(context.getStartupFailure(), "aws.secrets.events.queue-url"));
	}

	@Test
	void maxMessagesOutOfRangeFailsWithTheFix() {
		this.runner.withPropertyValues("aws.secrets.events.queue-url=" + queueUrl, "aws.secrets.events.max-messages=11")
			.run((context) -> assertInvalid(context.getStartupFailure(), "aws.secrets.events.max-messages"));
	}

	@Test
	void waitTimeOverTwentySecondsFailsWithTheFix() {
		this.runner.withPropertyValues("aws.secrets.events.queue-url=" + queueUrl, "aws.secrets.events.wait-time=21s")
			.run((context) -> assertInvalid(context.getStartupFailure(), "aws.secrets.events.wait-time"));
	}

	@Test
	void orphanAfterShorterThanTwoHeartbeatsFailsWithTheFix() {
		this.runner
			.withPropertyValues("aws.secrets.events.queue-url=" + queueUrl, "aws.secrets.events.heartbeat-interval=1m",
					"aws.secrets.events.orphan-after=90s")
			.run((context) -> assertInvalid(context.getStartupFailure(), "aws.secrets.events.orphan-after"));
	}

	private static void assertInvalid(Throwable failure, String property) {
		assertThat(failure).isNotNull();
		FailureAnalysis analysis = new InvalidSecretEventsSettingsFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains(property);
		assertThat(analysis.getAction()).contains(property);
	}

}
