package io.github.secretsspringboot.shapes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.secretsspringboot.client.SecretsManagerClientCustomizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Twenty {@code POST /actuator/refresh} in a row, a new version before every fifth: each
 * answers with the version Secrets Manager holds when it is called, through the client
 * that loaded the imports, and no client is left behind. With the bootstrap context that
 * Spring Cloud keeps, and without one (Spring Cloud setups that keep none), where each
 * refresh used to build a client that nobody closed and load every import anew.
 */
@ExtendWith(OutputCaptureExtension.class)
@DisabledIfSystemProperty(named = "shapes.classpath", matches = "without-spring-cloud",
		disabledReason = "needs Spring Cloud Context on the classpath")
class RefreshContextRefresherClientsTests extends PoolTestSupport {

	private static final int REFRESHES = 20;

	@Test
	void refreshesWithTheBootstrapContextSpringCloudKeeps(CapturedOutput output) throws Exception {
		refreshesReuseTheImportClient("shapes/refresh-clients/kept", false);
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	@Test
	void refreshesWithoutABootstrapContextKeptBySpringCloud(CapturedOutput output) throws Exception {
		refreshesReuseTheImportClient("shapes/refresh-clients/not-kept", true);
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	/**
	 * Spring Cloud's legacy bootstrap refreshes from a new application of its own, which
	 * does not process {@code spring.config.import}: the secrets keep following their own
	 * checks, and nothing is built per refresh.
	 */
	@Test
	void refreshesWithLegacyBootstrap(CapturedOutput output) throws Exception {
		String secretId = "shapes/refresh-clients/legacy";
		createSecret(secretId, greeting(CANARY + "-0"));
		AtomicInteger clientsBuilt = new AtomicInteger();
		SpringApplication application = application(secretId, clientsBuilt);
		try (ConfigurableApplicationContext context = application.run("--spring.cloud.bootstrap.enabled=true")) {
			long clients = liveSdkClients();
			long reads = reads();
			putSecretValue(secretId, greeting(CANARY + "-1"));
			for (int i = 1; i <= REFRESHES; i++) {
				assertThat(postRefresh(context).statusCode()).isEqualTo(200);
			}
			assertThat((CANARY + "-0").equals(context.getEnvironment().getProperty("app.greeting")))
				.as("import kept in the environment")
				.isTrue();
			assertThat(clientsBuilt).as("clients built").hasValue(1);
			assertThat(reads() - reads).as("secret values read").isZero();
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(liveSdkClients()).as("SDK clients alive").isLessThanOrEqualTo(clients));
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	private static SpringApplication application(String secretId, AtomicInteger clientsBuilt) {
		SpringApplication application = UserApplication.of(App.class).web().file("application.yml", """
				spring.config.import: aws-secret:%s
				spring.autoconfigure.exclude: org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
				management.endpoints.web.exposure.include: refresh
				aws.secrets.refresh.interval: 1h
				""".formatted(secretId) + awsSecrets()).application();
		application.addBootstrapRegistryInitializer(
				(registry) -> registry.register(SecretsManagerClientCustomizer.class, InstanceSupplier.of((builder) -> {
					clientsBuilt.incrementAndGet();
					UserApplication.PLACEHOLDER_CREDENTIALS.customize(builder);
				})));
		return application;
	}

	private void refreshesReuseTheImportClient(String secretId, boolean withoutKeptBootstrapContext) throws Exception {
		createSecret(secretId, greeting(CANARY + "-0"));
		AtomicInteger clientsBuilt = new AtomicInteger();
		SpringApplication application = application(secretId, clientsBuilt);
		if (withoutKeptBootstrapContext) {
			application.addListeners(new WithoutKeptBootstrapContext());
		}
		try (ConfigurableApplicationContext context = application.run()) {
			long clients = liveSdkClients();
			long reads = reads();
			for (int i = 1; i <= REFRESHES; i++) {
				boolean changed = i % 5 == 0;
				if (changed) {
					putSecretValue(secretId, greeting(CANARY + "-" + i));
				}
				HttpResponse<String> response = postRefresh(context);
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(response.body().contains("app.greeting")).as("refresh %d names the changed key", i)
					.isEqualTo(changed);
				String expected = CANARY + "-" + (i - i % 5);
				assertThat(expected.equals(context.getEnvironment().getProperty("app.greeting")))
					.as("version of refresh %d in force when it returns", i)
					.isTrue();
			}
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(liveSdkClients()).as("SDK clients alive").isLessThanOrEqualTo(clients));
			assertThat(clientsBuilt).as("clients built").hasValue(1);
			assertThat(reads() - reads).as("secret values read: only the new versions").isEqualTo(REFRESHES / 5);
		}
	}

	private static String greeting(String value) {
		return "{\"app.greeting\":\"" + value + "\"}";
	}

	private static long reads() {
		return emulator.control().requestCount("GetSecretValue")
				+ emulator.control().requestCount("BatchGetSecretValue");
	}

	static HttpResponse<String> postRefresh(ConfigurableApplicationContext context) throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/refresh"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The SDK clients alive in the JVM: each runs its own scheduler, whose threads are
	 * named {@code sdk-ScheduledExecutor-<client>-<thread>} and end when the client is
	 * closed.
	 */
	static long liveSdkClients() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith("sdk-ScheduledExecutor-"))
			.map((name) -> name.substring(0, name.lastIndexOf('-')))
			.distinct()
			.count();
	}

	/**
	 * Drops the bootstrap context that Spring Cloud keeps as the {@code bootstrapContext}
	 * bean, as in setups where it keeps none: its {@code ContextRefresher} then processes
	 * config data in a new bootstrap context on each refresh.
	 */
	static final class WithoutKeptBootstrapContext implements ApplicationListener<ApplicationPreparedEvent> {

		@Override
		public void onApplicationEvent(ApplicationPreparedEvent event) {
			((DefaultListableBeanFactory) event.getApplicationContext().getBeanFactory())
				.destroySingleton("bootstrapContext");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
