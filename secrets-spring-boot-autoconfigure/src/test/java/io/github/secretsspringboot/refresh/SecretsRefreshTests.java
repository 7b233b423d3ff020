package io.github.secretsspringboot.refresh;

import java.time.Duration;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretPropertySource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Periodic refresh in describe mode, seen from a running application. */
@ExtendWith(OutputCaptureExtension.class)
class SecretsRefreshTests extends RefreshTestSupport {

	@Test
	void newValueIsInForceWithinIntervalsUnderTheSamePropertySource() {
		createSecret("prod/app/db", "{\"username\": \"app\", \"password\": \"old\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db?prefix=db")) {
			ConfigurableEnvironment environment = context.getEnvironment();
			PropertySource<?> source = environment.getPropertySources().get("aws-secret:prod/app/db?prefix=db");
			int position = environment.getPropertySources().stream().toList().indexOf(source);
			String version = putValue("prod/app/db", "{\"username\": \"app\", \"password\": \"new\"}");
			await().atMost(INTERVAL.multipliedBy(10))
				.untilAsserted(() -> assertThat(environment.getProperty("db.password")).isEqualTo("new"));
			assertThat(environment.getPropertySources().get("aws-secret:prod/app/db?prefix=db")).isSameAs(source);
			assertThat(environment.getPropertySources().stream().toList().indexOf(source)).isEqualTo(position);
			assertThat(((SecretPropertySource) source).getVersion().versionId()).isEqualTo(version);
			SecretRefreshState state = state(context, "prod/app/db");
			assertThat(state.versionId()).isEqualTo(version);
			assertThat(state.versionStages()).containsExactly("AWSCURRENT");
			assertThat(state.changes()).isEqualTo(1);
			assertThat(state.lastChange()).isNotNull();
		}
	}

	@Test
	void eachChangeIsPublishedOnceWithVersionIdsAndPropertyNamesButNoValues() {
		String first = createSecret("prod/app/db",
				"{\"username\": \"app\", \"password\": \"" + CANARY + "\", \"port\": \"5432\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db?prefix=db")) {
			String second = putValue("prod/app/db",
					"{\"username\": \"app\", \"password\": \"" + CANARY + "-2\", \"host\": \"db.internal\"}");
			await().atMost(Duration.ofSeconds(5)).until(() -> !events(context).isEmpty());
			await().during(INTERVAL.multipliedBy(4))
				.atMost(Duration.ofSeconds(5))
				.until(() -> events(context).size() == 1);
			SecretsChangedEvent event = events(context).get(0);
			assertThat(event.getCause()).isEqualTo(RefreshCause.SCHEDULE);
			assertThat(event.getChanges()).singleElement().satisfies((change) -> {
				assertThat(change.secretId()).isEqualTo("prod/app/db");
				assertThat(change.arn()).isEqualTo(arnOf("prod/app/db"));
				assertThat(change.source()).isEqualTo("aws-secret:prod/app/db?prefix=db");
				assertThat(change.previousVersionId()).isEqualTo(first);
				assertThat(change.versionId()).isEqualTo(second);
				assertThat(change.propertyNames()).containsExactly("db.host", "db.password", "db.port");
			});
			assertThat(event.getChangedPropertyNames()).containsExactlyInAnyOrder("db.host", "db.password", "db.port");
			assertThat(event.toString()).doesNotContain(CANARY).doesNotContain("db.internal");
		}
	}

	@Test
	void describeModeReadsAValueOnlyWhenTheStagedVersionChanged() {
		createSecret("prod/app/a", "{\"a\": \"1\"}");
		createSecret("prod/app/b", "{\"b\": \"1\"}");
		createSecret("prod/app/c", "{\"c\": \"1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/a;prod/app/b;prod/app/c")) {
			emulator.control().resetCounters();
			long start = registry(context).getCycles();
			await().atMost(Duration.ofSeconds(5)).until(() -> registry(context).getCycles() >= start + 5);
			assertThat(requests("GetSecretValue")).isZero();
			assertThat(requests("DescribeSecret")).isGreaterThanOrEqualTo(15);
			putValue("prod/app/b", "{\"b\": \"2\"}");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(context.getEnvironment().getProperty("b")).isEqualTo("2"));
			long afterChange = registry(context).getCycles();
			await().atMost(Duration.ofSeconds(5)).until(() -> registry(context).getCycles() >= afterChange + 3);
			assertThat(requests("GetSecretValue")).isOne();
			assertThat(context.getEnvironment().getProperty("a")).isEqualTo("1");
		}
	}

	@Test
	void importPinnedToAVersionIdIsNeverPolled() {
		String first = createSecret("prod/app/pinned", "{\"key\": \"one\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/pinned?version-id=" + first)) {
			assertThat(registry(context).getStates()).isEmpty();
			putValue("prod/app/pinned", "{\"key\": \"two\"}");
			emulator.control().resetCounters();
			await().during(INTERVAL.multipliedBy(5))
				.atMost(Duration.ofSeconds(3))
				.until(() -> emulator.control().totalRequests() == 0);
			assertThat(context.getEnvironment().getProperty("key")).isEqualTo("one");
		}
	}

	@Test
	void importOfAStagingLabelFollowsThatLabel() {
		createSecret("prod/app/db", "{\"password\": \"current-1\"}");
		secrets().putSecretValue((request) -> request.secretId("prod/app/db")
			.secretString("{\"password\": \"blue-1\"}")
			.versionStages("BLUE"));
		try (ConfigurableApplicationContext context = run(
				"aws-secret:prod/app/db?prefix=current;prod/app/db?version-stage=BLUE&prefix=blue")) {
			ConfigurableEnvironment environment = context.getEnvironment();
			assertThat(environment.getProperty("blue.password")).isEqualTo("blue-1");
			String blue = secrets()
				.putSecretValue((request) -> request.secretId("prod/app/db")
					.secretString("{\"password\": \"blue-2\"}")
					.versionStages("BLUE"))
				.versionId();
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(environment.getProperty("blue.password")).isEqualTo("blue-2"));
			assertThat(environment.getProperty("current.password")).isEqualTo("current-1");
			assertThat(registry(context).getStates("prod/app/db")).hasSize(2)
				.filteredOn((state) -> state.source().contains("BLUE"))
				.singleElement()
				.satisfies((state) -> {
					assertThat(state.versionId()).isEqualTo(blue);
					assertThat(state.versionStages()).containsExactly("BLUE");
					assertThat(state.description().versionIdsToStages()).containsKey(blue);
				});
		}
	}

	@Test
	void describeDataIsKeptForHealthChecks() {
		createSecret("prod/app/db", "{\"password\": \"p\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db")) {
			await().atMost(Duration.ofSeconds(5))
				.until(() -> state(context, "prod/app/db").lastSuccessfulCheck() != null);
			SecretRefreshState state = state(context, "prod/app/db");
			assertThat(state.description().arn()).isEqualTo(arnOf("prod/app/db"));
			assertThat(state.description().versionIdsToStages()).containsEntry(state.versionId(),
					java.util.List.of("AWSCURRENT"));
			assertThat(state.consecutiveFailures()).isZero();
			assertThat(state.lastError()).isNull();
			assertThat(state.nextCheck()).isAfter(state.lastSuccessfulCheck());
		}
	}

	@Test
	void configurationPropertiesAreReboundBeforeListenersHearOfTheChange() {
		createSecret("prod/app/api", "{\"app\": {\"api-key\": \"key-1\"}}");
		try (ConfigurableApplicationContext context = run(BoundConfiguration.class, "aws-secret:prod/app/api")) {
			AppProperties properties = context.getBean(AppProperties.class);
			assertThat(properties.getApiKey()).isEqualTo("key-1");
			putValue("prod/app/api", "{\"app\": {\"api-key\": \"key-2\"}}");
			await().atMost(Duration.ofSeconds(5)).until(() -> "key-2".equals(properties.getApiKey()));
			await().during(INTERVAL.multipliedBy(4))
				.atMost(Duration.ofSeconds(5))
				.until(() -> events(context).size() == 1);
			assertThat(context.getBean(ApiKeyListener.class).seen).isEqualTo("key-2");
		}
	}

	@Test
	void refreshScopeBeansAreRecreatedWhenEnabled() {
		createSecret("prod/app/api", "{\"app\": {\"api-key\": \"key-1\"}}");
		try (ConfigurableApplicationContext context = run(RefreshScopeConfiguration.class, "aws-secret:prod/app/api",
				"aws.secrets.refresh.refresh-scope=true")) {
			ApiClient client = context.getBean(ApiClient.class);
			assertThat(client.apiKey()).isEqualTo("key-1");
			putValue("prod/app/api", "{\"app\": {\"api-key\": \"key-2\"}}");
			await().atMost(Duration.ofSeconds(5)).until(() -> "key-2".equals(client.apiKey()));
		}
	}

	@Test
	void refreshScopeBeansAreLeftAloneByDefault() {
		createSecret("prod/app/api", "{\"app\": {\"api-key\": \"key-1\"}}");
		try (ConfigurableApplicationContext context = run(RefreshScopeConfiguration.class, "aws-secret:prod/app/api")) {
			ApiClient client = context.getBean(ApiClient.class);
			assertThat(client.apiKey()).isEqualTo("key-1");
			putValue("prod/app/api", "{\"app\": {\"api-key\": \"key-2\"}}");
			await().atMost(Duration.ofSeconds(5)).until(() -> events(context).size() == 1);
			assertThat(context.getEnvironment().getProperty("app.api-key")).isEqualTo("key-2");
			assertThat(client.apiKey()).isEqualTo("key-1");
		}
	}

	@Test
	void nothingIsPolledWhenRefreshIsDisabled() {
		createSecret("prod/app/db", "{\"password\": \"p\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db",
				"aws.secrets.refresh.enabled=false")) {
			assertThat(context.getBeanNamesForType(SecretsRefresher.class)).isEmpty();
			emulator.control().resetCounters();
			putValue("prod/app/db", "{\"password\": \"q\"}");
			await().during(INTERVAL.multipliedBy(5))
				.atMost(Duration.ofSeconds(3))
				.until(() -> requests("DescribeSecret") + requests("GetSecretValue") == 0);
			assertThat(context.getEnvironment().getProperty("password")).isEqualTo("p");
		}
	}

	@Test
	void noValueIsLoggedEvenAtDebug(CapturedOutput output) {
		createSecret("prod/app/db", "{\"username\": \"app\", \"password\": \"" + CANARY + "\"}");
		try (ConfigurableApplicationContext context = run(
				"aws-secret:prod/app/db?prefix=db;prod/app/db?key=password&as=only.password",
				"logging.level.root=DEBUG")) {
			putValue("prod/app/db", "{\"username\": \"app\", \"password\": \"" + CANARY + "-2\"}");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> (CANARY + "-2").equals(context.getEnvironment().getProperty("only.password")));
			putValue("prod/app/db", "{\"password\": \"" + CANARY + "-3\" not json");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> registry(context).getStates()
					.stream()
					.anyMatch((state) -> state.lastError() == SecretErrorKind.INVALID_CONTENT));
			emulator.control().denyAccess("prod/app/db");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> registry(context).getStates()
					.stream()
					.anyMatch((state) -> state.lastError() == SecretErrorKind.ACCESS_DENIED));
			assertThat(registry(context).getStates().toString()).doesNotContain(CANARY);
			assertThat(events(context).toString()).doesNotContain(CANARY);
			assertThat(context.getEnvironment().getPropertySources().toString()).doesNotContain(CANARY);
		}
		assertThat(output.toString()).contains("Could not refresh secret 'prod/app/db'").doesNotContain(CANARY);
	}

	@ConfigurationProperties("app")
	static class AppProperties {

		private String apiKey;

		public String getApiKey() {
			return this.apiKey;
		}

		public void setApiKey(String apiKey) {
			this.apiKey = apiKey;
		}

	}

	/** Reads the bound properties when it hears of a change. */
	static class ApiKeyListener implements ApplicationListener<SecretsChangedEvent> {

		private final AppProperties properties;

		volatile String seen;

		ApiKeyListener(AppProperties properties) {
			this.properties = properties;
		}

		@Override
		public void onApplicationEvent(SecretsChangedEvent event) {
			this.seen = this.properties.getApiKey();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AppProperties.class)
	@Import(ChangeRecorderConfiguration.class)
	static class BoundConfiguration {

		@Bean
		ApiKeyListener apiKeyListener(AppProperties properties) {
			return new ApiKeyListener(properties);
		}

	}

	static class ApiClient {

		private final String apiKey;

		ApiClient(String apiKey) {
			this.apiKey = apiKey;
		}

		public String apiKey() {
			return this.apiKey;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(ChangeRecorderConfiguration.class)
	static class RefreshScopeConfiguration {

		@Bean
		@RefreshScope
		ApiClient apiClient(@Value("${app.api-key}") String apiKey) {
			return new ApiClient(apiKey);
		}

	}

}
