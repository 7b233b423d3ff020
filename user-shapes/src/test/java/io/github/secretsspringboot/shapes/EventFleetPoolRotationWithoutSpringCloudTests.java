package io.github.secretsspringboot.shapes;

@WithoutSpringCloud
class EventFleetPoolRotationWithoutSpringCloudTests extends EventFleetPoolRotationTests {

}
