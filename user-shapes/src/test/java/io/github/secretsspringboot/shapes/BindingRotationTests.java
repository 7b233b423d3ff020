package io.github.secretsspringboot.shapes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.secretsspringboot.refresh.RefreshCause;
import io.github.secretsspringboot.refresh.SecretsChangedEvent;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.validation.annotation.Validated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rotated secret whose new value one {@code @Validated} properties bean rejects, in an
 * application with Spring Cloud Context: that bean keeps its previous values, the other
 * bean, the {@code @RefreshScope} bean and the application's own listener all take the
 * change, and the rejected value reaches no log.
 */
@ExtendWith(OutputCaptureExtension.class)
@DisabledIfSystemProperty(named = "shapes.classpath", matches = "without-spring-cloud",
		disabledReason = "needs Spring Cloud Context")
class BindingRotationTests {

	private static final String CANARY = "987650123";

	static SecretsManagerEmulator emulator;

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
		emulator.client()
			.createSecret((secret) -> secret.name("prod/shop/settings")
				.secretString("{\"limit\":\"10\",\"greeting\":\"hello\"}"));
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
	}

	@Test
	void aBeanRejectingTheNewValueKeepsItsValuesAndTheRestRefreshes(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = UserApplication.of(ShopApp.class).file("application.yml", """
				spring.config.import: aws-secret:prod/shop/settings?prefix=shop
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				aws.secrets:
				  endpoint: %s
				  region: %s
				  refresh:
				    interval: 1h
				    refresh-scope: true
				""".formatted(emulator.endpoint(), emulator.region())).profiles("binding-rotation").run()) {
			LimitsProperties limits = context.getBean(LimitsProperties.class);
			GreetingProperties greeting = context.getBean(GreetingProperties.class);
			Greeter greeter = context.getBean(Greeter.class);
			ChangeListener listener = context.getBean(ChangeListener.class);
			assertThat(limits.getLimit()).isEqualTo(10);
			assertThat(greeter.text()).isEqualTo("hello");

			emulator.client()
				.putSecretValue((put) -> put.secretId("prod/shop/settings")
					.secretString("{\"limit\":\"" + CANARY + "\",\"greeting\":\"hello again\"}"));
			context.getBean(SecretsRefresher.class)
				.refresh("prod/shop/settings", RefreshCause.REQUEST)
				.get(30, TimeUnit.SECONDS);

			await().atMost(30, TimeUnit.SECONDS).until(() -> !listener.greetings.isEmpty());
			assertThat(listener.greetings).as("the listener saw the rebound bean").containsExactly("hello again");
			assertThat(greeting.getGreeting()).isEqualTo("hello again");
			assertThat(greeter.text()).as("@RefreshScope bean").isEqualTo("hello again");
			assertThat(limits.getLimit()).as("the rejecting bean keeps its previous, valid value").isEqualTo(10);
			assertThat(output.getAll()).contains("LimitsProperties").contains("shop.limit").contains("@Max");
			assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Profile("binding-rotation")
	@EnableConfigurationProperties({ LimitsProperties.class, GreetingProperties.class })
	static class ShopApp {

		@Bean
		ChangeListener changeListener(GreetingProperties greeting) {
			return new ChangeListener(greeting);
		}

		@Bean
		@RefreshScope
		Greeter greeter(@Value("${shop.greeting}") String greeting) {
			return new Greeter(greeting);
		}

	}

	@ConfigurationProperties("shop")
	@Validated
	static class LimitsProperties {

		/** Most items in one order. */
		@Max(100)
		private int limit;

		public int getLimit() {
			return this.limit;
		}

		public void setLimit(int limit) {
			this.limit = limit;
		}

	}

	@ConfigurationProperties("shop")
	@Validated
	static class GreetingProperties {

		@NotBlank
		private String greeting;

		public String getGreeting() {
			return this.greeting;
		}

		public void setGreeting(String greeting) {
			this.greeting = greeting;
		}

	}

	static class Greeter {

		private final String text;

		Greeter(String text) {
			this.text = text;
		}

		String text() {
			return this.text;
		}

	}

	static class ChangeListener {

		final List<String> greetings = new CopyOnWriteArrayList<>();

		private final GreetingProperties greeting;

		ChangeListener(GreetingProperties greeting) {
			this.greeting = greeting;
		}

		@EventListener
		void secretsChanged(SecretsChangedEvent event) {
			this.greetings.add(this.greeting.getGreeting());
		}

	}

}
