package io.github.secretsspringboot.events;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * While events refresh secrets, the periodic check is a safety net for lost events: its
 * default interval becomes {@code aws.secrets.events.safety-net-interval} (6h), unless
 * the application sets {@code aws.secrets.refresh.interval}. Added last, so that any
 * setting of the application wins.
 *
 * @author secrets-spring-boot
 */
class SecretEventsIntervalDefault implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "awsSecretsEventsDefaults";

	static final String INTERVAL = "aws.secrets.refresh.interval";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!eventsConfigured(environment) || environment.containsProperty(INTERVAL)
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		String interval = environment.getProperty(SecretEventsProperties.PREFIX + ".safety-net-interval", "6h");
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(INTERVAL, interval)));
	}

	private static boolean eventsConfigured(ConfigurableEnvironment environment) {
		if (!environment.getProperty(SecretEventsProperties.PREFIX + ".enabled", Boolean.class, true)) {
			return false;
		}
		return SecretEventsProperties.hasText(environment.getProperty(SecretEventsProperties.PREFIX + ".queue-url"))
				|| SecretEventsProperties
					.hasText(environment.getProperty(SecretEventsProperties.PREFIX + ".topic-arn"));
	}

	@Override
	public int getOrder() {
		// After config data, so that files and profiles are seen.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
