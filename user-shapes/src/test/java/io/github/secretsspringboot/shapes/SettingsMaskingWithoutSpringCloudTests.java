package io.github.secretsspringboot.shapes;

/**
 * {@link SettingsMaskingTests} on a classpath without Spring Cloud.
 */
@WithoutSpringCloud
class SettingsMaskingWithoutSpringCloudTests extends SettingsMaskingTests {

}
