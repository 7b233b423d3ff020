package io.github.secretsspringboot.shapes;

/**
 * {@link SettingsOwnClientTests} on a classpath without Spring Cloud.
 */
@WithoutSpringCloud
class SettingsOwnClientWithoutSpringCloudTests extends SettingsOwnClientTests {

}
