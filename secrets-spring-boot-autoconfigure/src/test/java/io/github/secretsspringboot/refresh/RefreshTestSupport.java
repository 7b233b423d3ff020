package io.github.secretsspringboot.refresh;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.secretsspringboot.EmulatorTestSupport;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs real Spring applications that import secrets from an emulator shared by the test
 * class and refresh them every 200 ms without jitter. Each test starts from an emulator
 * without secrets, faults or counts.
 */
abstract class RefreshTestSupport extends EmulatorTestSupport {

	/** A value planted in secrets: it must never appear in logs, messages or events. */
	static final String CANARY = "canary-5d2e8b41-do-not-log";

	static final Duration INTERVAL = Duration.ofMillis(200);

	/** Creates a secret; returns the id of its first version. */
	static String createSecret(String name, String value) {
		return secrets().createSecret((request) -> request.name(name).secretString(value)).versionId();
	}

	static String arnOf(String name) {
		return secrets().describeSecret((request) -> request.secretId(name)).arn();
	}

	static long requests(String operation) {
		return emulator.control().requestCount(operation);
	}

	/** Stores a new value, which becomes AWSCURRENT; returns its version id. */
	static String putValue(String name, String value) {
		return secrets().putSecretValue((request) -> request.secretId(name).secretString(value)).versionId();
	}

	static ConfigurableApplicationContext run(String configImport, String... properties) {
		return run(ChangeRecorderConfiguration.class, configImport, properties);
	}

	/**
	 * Runs an application with the given import; {@code name=value} properties override
	 * the test defaults (200 ms interval, no jitter, one attempt per request, 1 s max
	 * backoff).
	 */
	static ConfigurableApplicationContext run(Class<?> configuration, String configImport, String... properties) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("spring.config.import", configImport);
		settings.put("aws.secrets.endpoint", emulator.endpoint().toString());
		settings.put("aws.secrets.region", emulator.region());
		settings.put("spring.main.banner-mode", "off");
		settings.put("aws.secrets.retry.max-attempts", "1");
		settings.put("aws.secrets.refresh.interval", INTERVAL.toMillis() + "ms");
		settings.put("aws.secrets.refresh.jitter", "0");
		settings.put("aws.secrets.refresh.max-backoff", "1s");
		for (String property : properties) {
			int equals = property.indexOf('=');
			settings.put(property.substring(0, equals), property.substring(equals + 1));
		}
		SpringApplication application = new SpringApplication(configuration);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(settings.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new));
	}

	static SecretsRefresher refresher(ConfigurableApplicationContext context) {
		return context.getBean(SecretsRefresher.class);
	}

	static SecretRefreshRegistry registry(ConfigurableApplicationContext context) {
		return context.getBean(SecretRefreshRegistry.class);
	}

	/** The state of the one import of {@code secretId}. */
	static SecretRefreshState state(ConfigurableApplicationContext context, String secretId) {
		List<SecretRefreshState> states = registry(context).getStates(secretId);
		if (states.size() != 1) {
			throw new IllegalStateException(secretId + " has " + states.size() + " refreshed imports");
		}
		return states.get(0);
	}

	static List<SecretsChangedEvent> events(ConfigurableApplicationContext context) {
		return context.getBean(ChangeRecorder.class).events;
	}

	/** Records every {@link SecretsChangedEvent}. */
	static final class ChangeRecorder implements ApplicationListener<SecretsChangedEvent> {

		final List<SecretsChangedEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(SecretsChangedEvent event) {
			this.events.add(event);
		}

	}

	/**
	 * An application as users write them: auto-configured, with a listener of changes.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ChangeRecorderConfiguration {

		@Bean
		ChangeRecorder changeRecorder() {
			return new ChangeRecorder();
		}

	}

}
