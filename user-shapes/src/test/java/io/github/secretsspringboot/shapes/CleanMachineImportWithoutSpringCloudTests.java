package io.github.secretsspringboot.shapes;

/**
 * {@link CleanMachineImportTests} on a classpath without Spring Cloud.
 */
@WithoutSpringCloud
class CleanMachineImportWithoutSpringCloudTests extends CleanMachineImportTests {

}
