package io.github.secretsspringboot.shapes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet of separate applications against one emulator: in-process instances with their
 * own properties, and a process instance that stops gracefully or is killed without its
 * shutdown hooks.
 */
class FleetSupportTests {

	private static final String SECRET = "shapes/fleet/flags";

	private static SecretsManagerEmulator emulator;

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
		emulator.client().createSecret((request) -> request.name(SECRET).secretString("{\"color\":\"blue\"}"));
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@Test
	void inProcessInstancesHaveTheirOwnPropertiesAndCloseGracefully() {
		try (FleetSupport fleet = FleetSupport.of(App.class)) {
			List<FleetSupport.InProcess> instances = fleet.start(2,
					(i) -> withEmulator(FleetSupport.properties("fleet.instance", "number " + i)));
			FleetSupport.InProcess web = fleet.startWeb("web", withEmulator(Map.of()));
			assertThat(instances)
				.extracting((instance) -> instance.context().getEnvironment().getProperty("fleet.instance"))
				.containsExactly("number 0", "number 1");
			assertThat(instances)
				.allSatisfy((instance) -> assertThat(instance.context().getEnvironment().getProperty("flags.color"))
					.isEqualTo("blue"));
			assertThat(web.port()).isPositive();
			assertThat(instances.get(0).port()).isEqualTo(-1);
			instances.get(0).close();
			assertThat(instances.get(0).isRunning()).isFalse();
			assertThat(fleet.instance("instance-1").isRunning()).isTrue();
			assertThat(fleet.instances()).hasSize(3);
			fleet.close();
			assertThat(fleet.instances()).noneMatch(FleetSupport.Instance::isRunning);
		}
	}

	@Test
	void processInstanceStopsGracefullyWhenClosed() throws Exception {
		try (FleetSupport fleet = FleetSupport.of(App.class)) {
			FleetSupport.Forked instance = fleet.startWebProcess("graceful",
					withEmulator(FleetSupport.properties("management.endpoints.web.exposure.include", "health")));
			assertThat(instance.pid()).isNotEqualTo(ProcessHandle.current().pid());
			assertThat(health(instance.port())).isEqualTo(200);
			instance.close();
			assertThat(instance.isRunning()).isFalse();
			assertThat(instance.exitCode()).isZero();
			await().atMost(Duration.ofSeconds(10)).until(() -> instance.output().contains(FleetSupport.STOPPED));
		}
	}

	@Test
	void killedProcessInstanceRunsNoShutdownHook() throws Exception {
		try (FleetSupport fleet = FleetSupport.of(App.class)) {
			FleetSupport.Forked instance = fleet.startProcess("doomed", withEmulator(Map.of()));
			assertThat(instance.port()).isEqualTo(-1);
			assertThat(instance.isRunning()).isTrue();
			instance.kill();
			assertThat(instance.isRunning()).isFalse();
			// 128 + SIGKILL: the JVM did not exit by itself.
			assertThat(instance.exitCode()).isEqualTo(137);
			assertThat(instance.output()).contains(FleetSupport.READY).doesNotContain(FleetSupport.STOPPED);
		}
	}

	private static Map<String, String> withEmulator(Map<String, String> properties) {
		Map<String, String> all = new java.util.LinkedHashMap<>(properties);
		all.put("spring.config.import", "aws-secret:" + SECRET + "?prefix=flags");
		all.put("aws.secrets.endpoint", emulator.endpoint().toString());
		all.put("aws.secrets.region", emulator.region());
		return all;
	}

	private static int health(int port) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
			.timeout(Duration.ofSeconds(10))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
