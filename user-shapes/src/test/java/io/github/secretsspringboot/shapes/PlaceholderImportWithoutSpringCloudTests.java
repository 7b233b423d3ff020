package io.github.secretsspringboot.shapes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link PlaceholderImportTests} on a classpath without Spring Cloud.
 */
@WithoutSpringCloud
class PlaceholderImportWithoutSpringCloudTests extends PlaceholderImportTests {

	@Test
	void springCloudIsNotOnTheClasspath() {
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("org.springframework.cloud.context.refresh.ContextRefresher"));
	}

}
