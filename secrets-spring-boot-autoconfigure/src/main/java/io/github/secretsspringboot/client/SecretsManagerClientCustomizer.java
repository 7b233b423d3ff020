package io.github.secretsspringboot.client;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Customizes the builder of the application's {@code SecretsManagerClient} before it is
 * built. Because secrets load before the application context exists, register it in the
 * {@code BootstrapRegistry} from a {@code BootstrapRegistryInitializer}.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@FunctionalInterface
public interface SecretsManagerClientCustomizer {

	void customize(SecretsManagerClientBuilder builder);

}
