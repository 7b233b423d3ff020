package io.github.secretsspringboot.events;

import software.amazon.awssdk.services.sns.SnsClientBuilder;

/**
 * Customizes the {@link software.amazon.awssdk.services.sns.SnsClient} that subscribes an
 * instance's queue to the events topic, before it is built. Not called when the
 * application defines its own {@code SnsClient} bean.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@FunctionalInterface
public interface SecretEventsSnsClientCustomizer {

	void customize(SnsClientBuilder builder);

}
