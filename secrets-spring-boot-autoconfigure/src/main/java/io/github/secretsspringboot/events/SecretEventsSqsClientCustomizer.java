package io.github.secretsspringboot.events;

import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Customizes the {@link software.amazon.awssdk.services.sqs.SqsClient} that receives
 * Secrets Manager's events, before it is built. Not called when the application defines
 * its own {@code SqsClient} bean.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@FunctionalInterface
public interface SecretEventsSqsClientCustomizer {

	void customize(SqsClientBuilder builder);

}
