package io.github.secretsspringboot.shapes;

/**
 * {@link PoolPlaceholderRotationTests} on a classpath without Spring Cloud.
 */
@WithoutSpringCloud
class PoolPlaceholderRotationWithoutSpringCloudTests extends PoolPlaceholderRotationTests {

}
