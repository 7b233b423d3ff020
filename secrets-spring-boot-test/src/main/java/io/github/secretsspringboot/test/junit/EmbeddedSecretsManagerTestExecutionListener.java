package io.github.secretsspringboot.test.junit;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Closes the application context of a test class that ran with
 * {@link EmbeddedSecretsManager} when the class ends: its emulator stops then, and a
 * context left in Spring's test context cache would keep checking its secrets against an
 * endpoint that is gone.
 *
 * @author secrets-spring-boot
 */
public final class EmbeddedSecretsManagerTestExecutionListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void afterTestClass(TestContext testContext) {
		if (MergedAnnotations.from(testContext.getTestClass(), SearchStrategy.TYPE_HIERARCHY)
			.isPresent(EmbeddedSecretsManager.class) && testContext.hasApplicationContext()) {
			testContext.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
		}
	}

}
