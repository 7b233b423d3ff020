package io.github.secretsspringboot.test.conformance;

import java.util.UUID;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A Secrets Manager implementation that the conformance scenarios run against: the
 * project's emulator, or a third-party one in a container. Scenarios never clear the
 * target; they use {@link #uniqueName(String)} so that they can share one.
 */
public interface ConformanceTarget {

	SecretsManagerClient client();

	/** The region and account that ARNs of this target carry. */
	String region();

	String accountId();

	static String uniqueName(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
