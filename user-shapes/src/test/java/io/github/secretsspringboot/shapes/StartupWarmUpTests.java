package io.github.secretsspringboot.shapes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.secretsspringboot.client.SecretsManagerClientWarmUp;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application that imports a secret, started as it is in production: in a fresh JVM,
 * where the client warm-up has everything to do. It starts, with the secret loaded, and
 * the warm-up ran for it without sending anything to Secrets Manager; with the warm-up
 * turned off ({@code -Daws.secrets.preload=false}) it starts the same.
 */
class StartupWarmUpTests {

	private static final String CANARY = "warm-up-canary-93c1";

	private static SecretsManagerEmulator emulator;

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
		emulator.client()
			.createSecret((secret) -> secret.name("prod/app/api").secretString("{\"token\":\"" + CANARY + "\"}"));
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@BeforeEach
	void resetCounters() {
		emulator.control().resetCounters();
	}

	@Test
	void aFreshJvmStartsWithTheSecretLoadedAndTheWarmUpSendsNothingToSecretsManager() throws Exception {
		String output = start(true);
		assertThat(output).contains("secret loaded: true")
			.contains("warm-up registered: true")
			.contains("warm-up threads ended: true")
			.doesNotContain(CANARY);
		// One BatchGetSecretValue, the application's: the warm-up's requests are
		// answered in the process.
		assertThat(emulator.control().totalRequests()).isOne();
	}

	@Test
	void withoutTheWarmUpAFreshJvmStartsTheSame() throws Exception {
		String output = start(false);
		assertThat(output).contains("secret loaded: true")
			.contains("warm-up registered: false")
			.contains("warm-up threads ended: true")
			.doesNotContain(CANARY);
		assertThat(emulator.control().totalRequests()).isOne();
	}

	private static String start(boolean warmUp) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						System.getProperty("java.class.path")));
		if (!warmUp) {
			command.add("-Daws.secrets.preload=false");
		}
		command.addAll(List.of(FreshJvm.class.getName(), emulator.endpoint().toString(), emulator.region()));
		Path log = Files.createTempFile("startup-warm-up", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		// The JVM ends when main returns: the warm-up's threads keep nothing running.
		boolean ended = process.waitFor(180, TimeUnit.SECONDS);
		if (!ended) {
			process.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		Files.delete(log);
		assertThat(ended).as("the application's JVM ended").isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	/** The application's main, in its own JVM. */
	static final class FreshJvm {

		public static void main(String[] args) {
			SpringApplication application = UserApplication.of(App.class)
				.file("application.yml",
						"""
								spring.config.import: aws-secret:prod/app/api?prefix=api
								spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
								aws.secrets.endpoint: %s
								aws.secrets.region: %s
								"""
							.formatted(args[0], args[1]))
				.application();
			application.addBootstrapRegistryInitializer(
					(registry) -> registry.addCloseListener((event) -> System.out.println("warm-up registered: "
							+ event.getBootstrapContext().isRegistered(SecretsManagerClientWarmUp.class))));
			try (ConfigurableApplicationContext context = application.run()) {
				System.out
					.println("secret loaded: " + CANARY.equals(context.getEnvironment().getProperty("api.token")));
			}
			await().atMost(Duration.ofSeconds(30)).until(FreshJvm::warmUpThreadsEnded);
			System.out.println("warm-up threads ended: true");
		}

		private static boolean warmUpThreadsEnded() {
			return Thread.getAllStackTraces()
				.keySet()
				.stream()
				.noneMatch((thread) -> thread.getName().startsWith("aws-secrets-preload"));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
