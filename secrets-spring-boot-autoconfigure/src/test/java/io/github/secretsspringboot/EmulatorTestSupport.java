package io.github.secretsspringboot;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * An emulator shared by the test class; each test starts from an emulator without secrets,
 * faults or counts.
 */
public abstract class EmulatorTestSupport {

	protected static SecretsManagerEmulator emulator;

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
	}

	@AfterAll
	static void stopEmulator() {
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
