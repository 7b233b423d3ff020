package io.github.secretsspringboot.client;

import java.util.ArrayList;
import java.util.List;

import io.github.secretsspringboot.EmulatorTestSupport;
import io.github.secretsspringboot.refresh.RefreshCause;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter warns once at startup when a logger that writes Secrets Manager traffic is
 * enabled, naming it; not otherwise. What each logger writes is checked against the real
 * SDK clients: a new version is fetched after logging is set up, and the canary in it
 * shows up in the output of the Apache 5 wire logger only. Tests that turn a logger on
 * run before the one that expects silence, so that a level left behind by an earlier
 * application would be caught.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WireLoggingWarningTests extends EmulatorTestSupport {

	private static final String CANARY = "canary-3b8e61d0-wire-log";

	private static final String WARNING = "Requests to and responses from Secrets Manager are logged by";

	@Test
	@Order(1)
	void apache5WireLoggerWritesSecretValuesAndIsNamed(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run(true,
				"logging.level.org.apache.hc.client5.http.wire=debug")) {
			// The connection of the startup load was opened while logging was still off,
			// and
			// the client decides whether to log a connection when it opens it: end it.
			emulator.control().outage();
			context.getBean(SecretsRefresher.class).refresh("app/api", RefreshCause.REQUEST).join();
			emulator.control().endOutage();
			fetchNewVersion(context);
		}
		// Only the warning is looked at: the output holds the value, and a failure must
		// not print it.
		assertThat(warnings(output)).singleElement(InstanceOfAssertFactories.STRING)
			.contains("org.apache.hc.client5.http.wire (response bodies, which hold secret values)")
			.contains("set logging.level.<logger> to INFO or higher")
			.doesNotContain("HttpURLConnection (");
		// What the warning is about: the wire logger wrote the response, value included.
		assertThat(output.getAll().contains(CANARY)).as("the wire log holds the secret value").isTrue();
	}

	@Test
	@Order(2)
	void jdkHeaderLoggerWritesHeadersButNoValueAndIsNamed(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run(false,
				"logging.level.sun.net.www.protocol.http.HttpURLConnection=debug")) {
			fetchNewVersion(context);
		}
		assertThat(output.getAll().contains(CANARY)).as("the header log holds the secret value").isFalse();
		assertThat(warnings(output)).singleElement(InstanceOfAssertFactories.STRING)
			.contains("sun.net.www.protocol.http.HttpURLConnection (headers, signatures and session tokens included)");
		assertThat(output).contains("X-Amz-Target: secretsmanager.GetSecretValue")
			.contains("Authorization: AWS4-HMAC-SHA256");
	}

	@Test
	@Order(3)
	void sdkLoggersAtTraceWriteNoValueAndAreNotWarnedAbout(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run(false, "logging.level.software.amazon.awssdk=trace",
				"logging.level.software.amazon.awssdk.request=trace")) {
			fetchNewVersion(context);
		}
		assertThat(output.getAll().contains(CANARY)).as("the SDK's log holds the secret value").isFalse();
		assertThat(output).doesNotContain(WARNING).contains("Received successful response: 200");
	}

	@Test
	@Order(4)
	void noWarningWithTheDefaultLevels(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run(true)) {
			fetchNewVersion(context);
		}
		assertThat(output.getAll().contains(CANARY)).as("the output holds the secret value").isFalse();
		assertThat(output).doesNotContain(WARNING);
	}

	@Test
	@Order(5)
	void noWarningWhenTheStarterIsDisabled(CapturedOutput output) {
		SpringApplication application = application(false);
		try (ConfigurableApplicationContext context = application.run("--aws.secrets.enabled=false",
				"--logging.level.sun.net.www.protocol.http.HttpURLConnection=debug", "--spring.main.banner-mode=off")) {
			assertThat(context.isActive()).isTrue();
		}
		assertThat(output).doesNotContain(WARNING);
	}

	private static List<String> warnings(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains(WARNING)).toList();
	}

	/**
	 * Stores a new version and has the running application fetch it, after logging is set
	 * up.
	 */
	private static void fetchNewVersion(ConfigurableApplicationContext context) {
		secrets().putSecretValue(
				(request) -> request.secretId("app/api").secretString("{\"api_key\": \"" + CANARY + "-2\"}"));
		context.getBean(SecretsRefresher.class).refresh("app/api", RefreshCause.REQUEST).join();
		assertThat(context.getEnvironment().getProperty("api_key")).as("api_key was refreshed")
			.isEqualTo(CANARY + "-2");
	}

	/**
	 * Runs an application importing a secret, with the Apache 5 client or the starter's
	 * default.
	 */
	private static ConfigurableApplicationContext run(boolean apache5, String... properties) {
		secrets().createSecret((request) -> request.name("app/api").secretString("{\"api_key\": \"" + CANARY + "\"}"));
		List<String> args = new ArrayList<>(
				List.of("--spring.config.import=aws-secret:app/api", "--aws.secrets.endpoint=" + emulator.endpoint(),
						"--aws.secrets.region=" + emulator.region(), "--aws.secrets.refresh.interval=1h",
						"--aws.secrets.refresh.forced-refresh-min-spacing=0s", "--spring.main.banner-mode=off"));
		for (String property : properties) {
			args.add("--" + property);
		}
		return application(apache5).run(args.toArray(String[]::new));
	}

	private static SpringApplication application(boolean apache5) {
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		if (apache5) {
			SecretsManagerClientCustomizer customizer = (builder) -> builder
				.httpClientBuilder(Apache5HttpClient.builder());
			application.addBootstrapRegistryInitializer((registry) -> registry
				.register(SecretsManagerClientCustomizer.class, InstanceSupplier.of(customizer)));
		}
		return application;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
