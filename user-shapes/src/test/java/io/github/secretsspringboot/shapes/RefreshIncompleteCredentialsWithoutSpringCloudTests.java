package io.github.secretsspringboot.shapes;

/**
 * {@link RefreshIncompleteCredentialsTests} on a classpath without Spring Cloud.
 */
@WithoutSpringCloud
class RefreshIncompleteCredentialsWithoutSpringCloudTests extends RefreshIncompleteCredentialsTests {

}
