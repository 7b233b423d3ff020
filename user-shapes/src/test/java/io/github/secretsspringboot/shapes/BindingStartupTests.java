package io.github.secretsspringboot.shapes;

import java.time.Duration;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import jakarta.validation.constraints.Max;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.validation.annotation.Validated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Secret values the application cannot bind at startup: the application fails with an
 * analysis naming the secret and the property, and the value appears nowhere in the
 * output, neither in the failure analysis nor in any log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class BindingStartupTests {

	private static final String VALIDATED_CANARY = "987650124";

	private static final String VALUE_CANARY = "CANARY-b2-value-int";

	private static final String DURATION_CANARY = "CANARY-b2-duration";

	private static final String INT_CANARY = "CANARY-b2-int";

	static SecretsManagerEmulator emulator;

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
		emulator.client()
			.createSecret((secret) -> secret.name("prod/orders/settings")
				.secretString("{\"limit\":\"" + VALIDATED_CANARY + "\",\"port\":\"" + VALUE_CANARY + "\",\"timeout\":\""
						+ DURATION_CANARY + "\",\"retries\":\"" + INT_CANARY + "\"}"));
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@Test
	void validatedPropertiesViolatedBySecret(CapturedOutput output) {
		assertFailsWithout(ValidatedApp.class, "binding-validated", VALIDATED_CANARY, output);
		assertThat(output.getAll()).contains("orders.limit").contains("@Max");
	}

	@Test
	void valueInjectedIntoIntFromText(CapturedOutput output) {
		assertFailsWithout(ValueApp.class, "binding-value", VALUE_CANARY, output);
		assertThat(output.getAll()).contains("orders.port").contains("int");
	}

	@Test
	void durationPropertyFromText(CapturedOutput output) {
		assertFailsWithout(DurationApp.class, "binding-duration", DURATION_CANARY, output);
		assertThat(output.getAll()).contains("orders.timeout").contains("java.time.Duration");
	}

	@Test
	void intPropertyFromText(CapturedOutput output) {
		assertFailsWithout(IntApp.class, "binding-int", INT_CANARY, output);
		assertThat(output.getAll()).contains("orders.retries").contains("int");
	}

	private void assertFailsWithout(Class<?> application, String profile, String canary, CapturedOutput output) {
		assertThatException().isThrownBy(() -> UserApplication.of(application).file("application.yml", """
				spring.config.import: aws-secret:prod/orders/settings?prefix=orders
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				aws.secrets:
				  endpoint: %s
				  region: %s
				""".formatted(emulator.endpoint(), emulator.region())).profiles(profile).run().close());
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START").contains("prod/orders/settings");
		assertThat(output.getAll().contains(canary)).as("canary absent from the output").isFalse();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Profile("binding-validated")
	@EnableConfigurationProperties(LimitsProperties.class)
	static class ValidatedApp {

	}

	@ConfigurationProperties("orders")
	@Validated
	static class LimitsProperties {

		@Max(100)
		private int limit;

		public int getLimit() {
			return this.limit;
		}

		public void setLimit(int limit) {
			this.limit = limit;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Profile("binding-value")
	static class ValueApp {

		@Bean
		OrdersClient ordersClient(@Value("${orders.port}") int port) {
			return new OrdersClient(port);
		}

	}

	record OrdersClient(int port) {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Profile("binding-duration")
	@EnableConfigurationProperties(TimeoutProperties.class)
	static class DurationApp {

	}

	@ConfigurationProperties("orders")
	static class TimeoutProperties {

		private Duration timeout;

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Profile("binding-int")
	@EnableConfigurationProperties(RetriesProperties.class)
	static class IntApp {

	}

	@ConfigurationProperties("orders")
	static class RetriesProperties {

		private int retries;

		public int getRetries() {
			return this.retries;
		}

		public void setRetries(int retries) {
			this.retries = retries;
		}

	}

}
