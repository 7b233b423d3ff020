package io.github.secretsspringboot.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * One measured start of a Spring application in a fresh JVM: imports the given secrets
 * with one loader and prints one result line. The config-data phase is timed from the
 * first to the last listener of ApplicationEnvironmentPreparedEvent, which brackets the
 * environment post-processors that run config imports.
 *
 * <p>
 * Arguments: {@code ours|spring-cloud-aws endpoint secretId...}
 */
public final class ConfigImportProbe {

	private ConfigImportProbe() {
	}

	public static void main(String[] args) {
		String loader = args[0];
		String endpoint = args[1];
		List<String> ids = Arrays.asList(args).subList(2, args.length);
		PhaseTimer timer = new PhaseTimer();
		SpringApplication application = new SpringApplication(ProbeConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setLogStartupInfo(false);
		application.addListeners(timer.start(), timer.end());
		List<String> properties = new ArrayList<>(
				List.of("--spring.main.banner-mode=off", "--logging.level.root=WARN"));
		if ("ours".equals(loader)) {
			properties.add("--spring.config.import=aws-secret:" + String.join(";", ids));
			properties.add("--aws.secrets.endpoint=" + endpoint);
			properties.add("--aws.secrets.region=us-east-1");
		}
		else {
			properties.add("--spring.config.import=aws-secretsmanager:" + String.join(";", ids));
			properties.add("--spring.cloud.aws.secretsmanager.endpoint=" + endpoint);
			properties.add("--spring.cloud.aws.region.static=us-east-1");
			// Credentials come from the default chain (system properties), as for this
			// starter.
		}
		try (ConfigurableApplicationContext context = application.run(properties.toArray(String[]::new))) {
			String expected = context.getEnvironment().getProperty("key-" + (ids.size() - 1));
			if (!("value-" + (ids.size() - 1)).equals(expected)) {
				throw new IllegalStateException("The last secret was not loaded");
			}
		}
		System.out.printf("RESULT loader=%s secrets=%d phaseMs=%.1f loadingMs=%.1f sdkCalls=%d%n", loader, ids.size(),
				timer.millis(), SdkCallRecorder.loadingMillis(), SdkCallRecorder.calls());
	}

	@Configuration(proxyBeanMethods = false)
	static class ProbeConfiguration {

	}

	private static final class PhaseTimer {

		private long start;

		private long end;

		ApplicationListener<ApplicationEnvironmentPreparedEvent> start() {
			return new OrderedListener(Ordered.HIGHEST_PRECEDENCE, () -> this.start = System.nanoTime());
		}

		ApplicationListener<ApplicationEnvironmentPreparedEvent> end() {
			return new OrderedListener(Ordered.LOWEST_PRECEDENCE, () -> this.end = System.nanoTime());
		}

		double millis() {
			return (this.end - this.start) / 1_000_000.0;
		}

	}

	private record OrderedListener(int order,
			Runnable action) implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

		@Override
		public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
			this.action.run();
		}

		@Override
		public int getOrder() {
			return this.order;
		}

	}

}
