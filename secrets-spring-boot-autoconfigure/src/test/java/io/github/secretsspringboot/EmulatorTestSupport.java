package io.github.secretsspringboot;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.SecretsManagerTestProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * An emulator shared by the test class; each test starts from an emulator without
 * secrets, faults or counts. The emulator's placeholder credentials are set for the class
 * only (no test JVM has any); the applications name the endpoint and region themselves.
 */
public abstract class EmulatorTestSupport {

	protected static SecretsManagerEmulator emulator;

	private static SecretsManagerTestProperties credentials;

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
		credentials = SecretsManagerTestProperties.credentials();
	}

	@AfterAll
	static void stopEmulator() {
		credentials.close();
		emulator.close();
	}

	@BeforeEach
	void resetEmulator() {
		emulator.clear();
		emulator.control().reset();
	}

	protected static SecretsManagerClient secrets() {
		return emulator.client();
	}

}
