package io.github.secretsspringboot.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.secretsspringboot.refresh.SecretChange;
import io.github.secretsspringboot.refresh.SecretsChangedEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * One application instance of a fleet, in this JVM: a Spring application that imports the
 * fleet's secrets and notes, per version id, when that version's values were in force
 * (its {@link SecretsChangedEvent}, published after the environment holds them).
 */
final class FleetInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	/** System.nanoTime() at which each version id came into force. */
	private final Map<String, CompletableFuture<Long>> inForce = new ConcurrentHashMap<>();

	private FleetInstance(List<String> arguments) {
		SpringApplication application = new SpringApplication(InstanceConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setLogStartupInfo(false);
		application.setRegisterShutdownHook(false);
		application.addListeners((ApplicationListener<SecretsChangedEvent>) this::changed);
		// Spring Cloud AWS is on this module's classpath for the comparisons; keep it
		// out.
		List<String> all = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--logging.level.root=WARN",
				"--spring.cloud.aws.secretsmanager.enabled=false", "--spring.cloud.aws.region.static=us-east-1"));
		all.addAll(arguments);
		this.context = application.run(all.toArray(String[]::new));
	}

	static FleetInstance start(List<String> arguments) {
		return new FleetInstance(arguments);
	}

	private void changed(SecretsChangedEvent event) {
		long now = System.nanoTime();
		for (SecretChange change : event.getChanges()) {
			inForce(change.versionId()).complete(now);
		}
	}

	private CompletableFuture<Long> inForce(String versionId) {
		return this.inForce.computeIfAbsent(versionId, (key) -> new CompletableFuture<>());
	}

	/**
	 * Waits until {@code versionId} is in force.
	 * @return when it came into force, or {@code null} if it did not within
	 * {@code timeout}
	 */
	@Nullable Long awaitInForce(String versionId, Duration timeout) throws InterruptedException {
		try {
			return inForce(versionId).get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			return null;
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

	// No database: the fleet's secrets are plain JSON.
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	static class InstanceConfiguration {

	}

}
