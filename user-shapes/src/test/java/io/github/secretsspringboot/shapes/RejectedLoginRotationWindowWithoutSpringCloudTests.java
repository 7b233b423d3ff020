package io.github.secretsspringboot.shapes;

/**
 * {@link RejectedLoginRotationWindowTests} on a classpath without Spring Cloud.
 */
@WithoutSpringCloud
class RejectedLoginRotationWindowWithoutSpringCloudTests extends RejectedLoginRotationWindowTests {

}
