package io.github.secretsspringboot.shapes;

@WithoutSpringCloud
class EventFleetApiKeyClientWithoutSpringCloudTests extends EventFleetApiKeyClientTests {

}
