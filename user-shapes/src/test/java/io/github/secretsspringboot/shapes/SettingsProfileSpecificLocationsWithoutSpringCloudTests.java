package io.github.secretsspringboot.shapes;

/**
 * {@link SettingsProfileSpecificLocationsTests} on a classpath without Spring Cloud.
 */
@WithoutSpringCloud
class SettingsProfileSpecificLocationsWithoutSpringCloudTests extends SettingsProfileSpecificLocationsTests {

}
