package io.github.secretsspringboot.shapes;

/**
 * {@link BindingStartupTests} on a classpath without Spring Cloud.
 */
@WithoutSpringCloud
class BindingStartupWithoutSpringCloudTests extends BindingStartupTests {

}
