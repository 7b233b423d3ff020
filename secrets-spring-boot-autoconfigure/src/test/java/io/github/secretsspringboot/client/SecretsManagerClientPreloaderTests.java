package io.github.secretsspringboot.client;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsManagerClientPreloaderTests {

	@Test
	void preloadingRunsTheWholeRequestPathAndSendsNothing() {
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start()) {
			assertThat(SecretsManagerClientPreloader.preload(emulator.endpoint())).isTrue();
			assertThat(emulator.control().totalRequests()).isZero();
		}
	}

	@Test
	void preloadingAroundTheClientRunsWithoutConnecting() {
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start()) {
			assertThat(SecretsManagerClientPreloader.preloadAroundClient(emulator.endpoint())).isTrue();
			assertThat(emulator.control().totalRequests()).isZero();
		}
	}

}
