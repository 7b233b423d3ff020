package io.github.secretsspringboot.shapes;

/**
 * {@link TrackingOptionalSecretTests} on a classpath without Spring Cloud, where nothing
 * rebinds {@code @ConfigurationProperties} beans: the Environment and the event still
 * follow.
 */
@WithoutSpringCloud
class TrackingOptionalSecretWithoutSpringCloudTests extends TrackingOptionalSecretTests {

}
