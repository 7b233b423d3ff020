package io.github.secretsspringboot.shapes;

/**
 * {@link AwsRotationRemovesPendingLabelTests} on a classpath without Spring Cloud.
 */
@WithoutSpringCloud
class AwsRotationRemovesPendingLabelWithoutSpringCloudTests extends AwsRotationRemovesPendingLabelTests {

}
