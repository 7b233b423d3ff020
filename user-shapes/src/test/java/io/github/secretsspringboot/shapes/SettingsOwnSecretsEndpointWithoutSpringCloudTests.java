package io.github.secretsspringboot.shapes;

/**
 * {@link SettingsOwnSecretsEndpointTests} on a classpath without Spring Cloud.
 */
@WithoutSpringCloud
class SettingsOwnSecretsEndpointWithoutSpringCloudTests extends SettingsOwnSecretsEndpointTests {

}
