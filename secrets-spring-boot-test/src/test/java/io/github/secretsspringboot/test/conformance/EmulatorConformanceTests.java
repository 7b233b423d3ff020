package io.github.secretsspringboot.test.conformance;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Every conformance scenario against the project's emulator, driven by the real SDK
 * client.
 */
class EmulatorConformanceTests extends ConformanceSuite {

	private static SecretsManagerEmulator emulator;

	private static final ConformanceTarget TARGET = new ConformanceTarget() {

		@Override
		public SecretsManagerClient client() {
			return emulator.client();
		}

		@Override
		public String region() {
			return emulator.region();
		}

		@Override
		public String accountId() {
			return emulator.accountId();
		}

	};

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@Override
	protected ConformanceTarget target() {
		return TARGET;
	}

}
