package io.github.secretsspringboot.client;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsManagerClientPreloaderTests {

	@Test
	void preloadingSendsNothing() {
		try (SecretsManagerEmulator emulator = SecretsManagerEmulator.start()) {
			SecretsManagerClientPreloader.preload(emulator.endpoint());
			assertThat(emulator.control().totalRequests()).isZero();
		}
	}

}
