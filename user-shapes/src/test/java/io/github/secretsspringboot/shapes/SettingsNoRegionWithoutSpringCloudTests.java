package io.github.secretsspringboot.shapes;

/**
 * {@link SettingsNoRegionTests} on a classpath without Spring Cloud.
 */
@WithoutSpringCloud
class SettingsNoRegionWithoutSpringCloudTests extends SettingsNoRegionTests {

}
