package io.github.secretsspringboot.test.junit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * What {@link EmbeddedSecretsManager} leaves behind when a test class ends: nothing. The
 * class runs on its own test engine here, so that what follows it can be observed.
 */
class EmbeddedSecretsManagerLifecycleTests {

	@Test
	void systemPropertiesContextAndEmulatorAreUndoneAfterTheClass() {
		String endpointBefore = System.getProperty("aws.secrets.endpoint");
		String accessKeyBefore = System.getProperty("aws.accessKeyId");
		EngineTestKit.engine("junit-jupiter")
			.selectors(selectClass(UserTest.class))
			.execute()
			.testEvents()
			.assertStatistics((stats) -> stats.started(1).succeeded(1));
		assertThat(System.getProperty("aws.secrets.endpoint")).isEqualTo(endpointBefore);
		assertThat(System.getProperty("aws.accessKeyId")).isEqualTo(accessKeyBefore);
		assertThat(UserTest.context.isActive()).as("application context still active").isFalse();
		assertThatExceptionOfType(IOException.class).as("emulator still listening")
			.isThrownBy(() -> connect(UserTest.endpoint));
	}

	@Test
	void aMissingSeedDocumentFailsTheClassWithItsLocation() {
		EngineTestKit.engine("junit-jupiter")
			.selectors(selectClass(MissingSeedTest.class))
			.execute()
			.containerEvents()
			.assertThatEvents()
			.anySatisfy((event) -> assertThat(event.getPayload(org.junit.platform.engine.TestExecutionResult.class))
				.hasValueSatisfying((result) -> assertThat(result.getThrowable()).hasValueSatisfying(
						(failure) -> assertThat(failure).hasMessageContaining("classpath:no/such/seed.json"))));
	}

	private static void connect(URI endpoint) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 2000);
		}
	}

	@SpringBootTest(classes = Application.class, properties = "spring.config.import=aws-secret:it/lifecycle")
	@EmbeddedSecretsManager(seed = "classpath:embedded-secrets-manager/lifecycle-seed.json")
	static class UserTest {

		static ConfigurableApplicationContext context;

		static URI endpoint;

		@Autowired
		ConfigurableApplicationContext applicationContext;

		@Test
		void runs(SecretsManagerEmulator emulator) {
			context = this.applicationContext;
			endpoint = emulator.endpoint();
			assertThat(this.applicationContext.getEnvironment().getProperty("lifecycle")).isEqualTo("yes");
		}

	}

	@EmbeddedSecretsManager(seed = "classpath:no/such/seed.json")
	static class MissingSeedTest {

		@Test
		void neverRuns() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
