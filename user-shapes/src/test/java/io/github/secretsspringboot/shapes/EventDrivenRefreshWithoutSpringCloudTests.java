package io.github.secretsspringboot.shapes;

@WithoutSpringCloud
class EventDrivenRefreshWithoutSpringCloudTests extends EventDrivenRefreshTests {

}
