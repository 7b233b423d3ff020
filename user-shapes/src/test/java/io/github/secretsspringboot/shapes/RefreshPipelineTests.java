package io.github.secretsspringboot.shapes;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.jdbc.SecretsDataSourceState;
import io.github.secretsspringboot.refresh.RefreshResult;
import io.github.secretsspringboot.refresh.SecretsChangedEvent;
import io.github.secretsspringboot.test.rotation.SecretRotations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a rotation, a forced refresh returns with the pool on the new credentials and the
 * application's {@code @ConfigurationProperties} rebound, whatever the application's
 * event listeners and multicaster do.
 */
@ExtendWith(OutputCaptureExtension.class)
@DisabledIfSystemProperty(named = "shapes.classpath", matches = "without-spring-cloud",
		disabledReason = "needs Spring Cloud Context on the classpath")
class RefreshPipelineTests extends PoolTestSupport {

	@Test
	void listenerOrderedFirstThatThrowsSeesThePoolAndBeansOnTheNewVersion(CapturedOutput output) throws Exception {
		Database database = newDatabase();
		String secretId = "shapes/pipeline/throwing";
		createSecret(secretId, database.rdsSecret());
		try (ConfigurableApplicationContext context = run(ThrowingListenerApp.class, secretId)) {
			rotate(secretId);
			RefreshResult result = forceRefresh(context, secretId);
			assertThat(result.changed()).isTrue();
			FirstListener listener = context.getBean(FirstListener.class);
			assertThat(listener.generation.get()).as("pool generation seen by the first listener").isEqualTo(2);
			assertThat(listener.rebound.get()).as("@ConfigurationProperties rebound before the first listener")
				.isTrue();
			assertThat(generation(context)).isEqualTo(2);
			assertThat(failedQueriesOnNewConnections(context.getBean(HikariDataSource.class))).isZero();
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	@Test
	void asynchronousMulticasterBusyWithAnotherEventLeavesNoWindowForThePool(CapturedOutput output) throws Exception {
		Database database = newDatabase();
		String secretId = "shapes/pipeline/async";
		createSecret(secretId, database.rdsSecret());
		try (ConfigurableApplicationContext context = run(AsyncMulticasterApp.class, secretId)) {
			SlowListener slow = context.getBean(SlowListener.class);
			// The application's one event thread is busy with one of its own events.
			context.publishEvent(new SlowEvent(this));
			try {
				rotate(secretId);
				RefreshResult result = forceRefresh(context, secretId);
				assertThat(result.changed()).isTrue();
				assertThat(generation(context)).as("pool generation when the refresh returns").isEqualTo(2);
				assertThat(failedQueriesOnNewConnections(context.getBean(HikariDataSource.class))).isZero();
			}
			finally {
				slow.release.countDown();
			}
			await().atMost(WAIT).until(() -> context.getBean(DatabaseSettings.class).isCurrent(context));
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	private static ConfigurableApplicationContext run(Class<?> application, String secretId) {
		return UserApplication.of(application).file("application.yml", """
				spring.config.import: aws-secret:%s?format=datasource
				spring.datasource.hikari.maximum-pool-size: 4
				aws.secrets.refresh.interval: 1h
				app.database.password: ${spring.datasource.password}
				""".formatted(secretId) + awsSecrets()).run();
	}

	private static void rotate(String secretId) {
		String token = SecretRotations.rotateSingleUser(emulator, secretId);
		await().atMost(WAIT).until(() -> SecretRotations.isDone(emulator, token));
		assertThat(emulator.rotation(token).orElseThrow().isSucceeded()).as("rotation succeeded").isTrue();
	}

	/** Ordered ahead of every other listener; notes what it sees, then fails. */
	@Order(Ordered.HIGHEST_PRECEDENCE)
	static class FirstListener implements ApplicationListener<SecretsChangedEvent> {

		private final ConfigurableApplicationContext context;

		final AtomicLong generation = new AtomicLong();

		final AtomicReference<Boolean> rebound = new AtomicReference<>();

		FirstListener(ConfigurableApplicationContext context) {
			this.context = context;
		}

		@Override
		public void onApplicationEvent(SecretsChangedEvent event) {
			this.generation
				.set(this.context.getBean(SecretsDataSourceState.class).getDataSources().get(0).generation());
			this.rebound.set(this.context.getBean(DatabaseSettings.class).isCurrent(this.context));
			throw new IllegalStateException("The application's listener failed");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableConfigurationProperties(DatabaseSettings.class)
	static class ThrowingListenerApp {

		@Bean
		FirstListener firstListener(ConfigurableApplicationContext context) {
			return new FirstListener(context);
		}

	}

	static class SlowEvent extends ApplicationEvent {

		SlowEvent(Object source) {
			super(source);
		}

	}

	/** Takes its time over an event of the application's own. */
	static class SlowListener implements ApplicationListener<SlowEvent> {

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public void onApplicationEvent(SlowEvent event) {
			try {
				this.release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/** Events delivered on one thread of the application's own. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableConfigurationProperties(DatabaseSettings.class)
	static class AsyncMulticasterApp {

		@Bean(destroyMethod = "shutdown")
		ThreadPoolTaskExecutor applicationEventExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			executor.setThreadNamePrefix("app-events-");
			executor.initialize();
			return executor;
		}

		@Bean
		SimpleApplicationEventMulticaster applicationEventMulticaster(ThreadPoolTaskExecutor applicationEventExecutor) {
			SimpleApplicationEventMulticaster multicaster = new SimpleApplicationEventMulticaster();
			multicaster.setTaskExecutor(applicationEventExecutor);
			return multicaster;
		}

		@Bean
		SlowListener slowListener() {
			return new SlowListener();
		}

	}

}
