package io.github.secretsspringboot.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.secretsspringboot.EmulatorTestSupport;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Runs real web applications with Actuator on a random port, importing secrets from an
 * emulator shared by the test class, refreshing every 200 ms without jitter; requests go
 * over HTTP. Each test starts from an emulator without secrets, faults or counts.
 */
abstract class ActuatorTestSupport extends EmulatorTestSupport {

	/** A value planted in secrets: it must never appear in any Actuator response. */
	static final String CANARY = "canary-91c4e2d7-never-shown";

	static final Duration INTERVAL = Duration.ofMillis(200);

	/** A property value that removes a test default. */
	static final String UNSET = "<unset>";

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** Creates a secret; returns the id of its first version. */
	static String createSecret(String name, String value) {
		return secrets().createSecret((request) -> request.name(name).secretString(value)).versionId();
	}

	/** Stores a new value, which becomes AWSCURRENT; returns its version id. */
	static String putValue(String name, String value) {
		return secrets().putSecretValue((request) -> request.secretId(name).secretString(value)).versionId();
	}

	static String arnOf(String name) {
		return secrets().describeSecret((request) -> request.secretId(name)).arn();
	}

	static App run(String configImport, String... properties) {
		return run(emulator, configImport, properties);
	}

	/**
	 * Runs a web application importing from {@code from}; {@code name=value} properties
	 * override the test defaults (200 ms interval, no jitter, one attempt per request, 1
	 * s max backoff, 5 s max staleness, every endpoint used here exposed, health details
	 * shown); {@value #UNSET} removes one.
	 */
	static App run(SecretsManagerEmulator from, String configImport, String... properties) {
		return run(from, new Class<?>[0], configImport, properties);
	}

	/** Runs a web application with more configuration classes. */
	static App run(Class<?>[] configurations, String configImport, String... properties) {
		return run(emulator, configurations, configImport, properties);
	}

	private static App run(SecretsManagerEmulator from, Class<?>[] configurations, String configImport,
			String... properties) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("spring.config.import", configImport);
		settings.put("aws.secrets.endpoint", from.endpoint().toString());
		settings.put("aws.secrets.region", from.region());
		settings.put("spring.main.banner-mode", "off");
		settings.put("server.port", "0");
		settings.put("server.address", "127.0.0.1");
		settings.put("aws.secrets.retry.max-attempts", "1");
		settings.put("aws.secrets.refresh.interval", INTERVAL.toMillis() + "ms");
		settings.put("aws.secrets.refresh.jitter", "0");
		settings.put("aws.secrets.refresh.max-backoff", "1s");
		settings.put("aws.secrets.refresh.forced-refresh-min-spacing", "0s");
		// Well above the interval, so that a busy machine does not make secrets stale.
		settings.put("aws.secrets.health.max-staleness", "5s");
		settings.put("management.endpoints.web.exposure.include", "health,secrets,metrics,env,configprops,beans");
		settings.put("management.endpoint.health.show-details", "always");
		settings.put("management.endpoint.env.show-values", "always");
		settings.put("management.endpoint.configprops.show-values", "always");
		for (String property : properties) {
			int equals = property.indexOf('=');
			settings.put(property.substring(0, equals), property.substring(equals + 1));
		}
		settings.values().removeIf(UNSET::equals);
		Class<?>[] sources = new Class<?>[configurations.length + 1];
		sources[0] = WebApplication.class;
		System.arraycopy(configurations, 0, sources, 1, configurations.length);
		SpringApplication application = new SpringApplication(sources);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		ConfigurableApplicationContext context = application.run(settings.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new));
		return new App(context, Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	/** A running application and its port. */
	record App(ConfigurableApplicationContext context, int port) implements AutoCloseable {

		Response get(String path) {
			return send(HttpRequest.newBuilder(uri(path)).GET());
		}

		Response post(String path) {
			return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
		}

		/** The health of the {@code secrets} contributor. */
		JsonNode secretsHealth() {
			return get("/actuator/health/secrets").json();
		}

		private URI uri(String path) {
			return URI.create("http://127.0.0.1:" + this.port + path);
		}

		private static Response send(HttpRequest.Builder request) {
			try {
				HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
						HttpResponse.BodyHandlers.ofString());
				return new Response(response.statusCode(), response.body());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	/** An HTTP response. */
	record Response(int status, String body) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

	/** An application as users write them: auto-configured. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebApplication {

	}

}
