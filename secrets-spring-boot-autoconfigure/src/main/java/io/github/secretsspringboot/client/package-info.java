/**
 * The Secrets Manager client: how the starter reaches AWS (Region, endpoint, credentials,
 * timeouts, retries). One client is built in the bootstrap context and shared by the
 * imports, the refresher and Actuator; applications adjust it with a
 * {@link io.github.secretsspringboot.client.SecretsManagerClientCustomizer}.
 */
@NullMarked
package io.github.secretsspringboot.client;

import org.jspecify.annotations.NullMarked;
