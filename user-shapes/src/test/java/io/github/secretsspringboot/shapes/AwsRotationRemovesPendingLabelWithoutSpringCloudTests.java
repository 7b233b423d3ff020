package io.github.secretsspringboot.shapes;

import org.junit.jupiter.api.Disabled;

/**
 * {@link AwsRotationRemovesPendingLabelTests} on a classpath without Spring Cloud.
 */
@WithoutSpringCloud
@Disabled("As AwsRotationRemovesPendingLabelTests: intermittent, open defect")
class AwsRotationRemovesPendingLabelWithoutSpringCloudTests extends AwsRotationRemovesPendingLabelTests {

}
