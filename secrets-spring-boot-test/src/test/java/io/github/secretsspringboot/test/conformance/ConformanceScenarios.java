package io.github.secretsspringboot.test.conformance;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Base of every conformance scenario class. Scenario classes are abstract and run through
 * {@link EmulatorConformanceTests} and {@link LocalStackConformanceTests}, which nest a
 * subclass of each and supply the target.
 */
public abstract class ConformanceScenarios {

	protected abstract ConformanceTarget target();

	protected SecretsManagerClient client() {
		return target().client();
	}

	protected static String uniqueName(String prefix) {
		return ConformanceTarget.uniqueName(prefix);
	}

}
