package io.github.secretsspringboot.events;

import java.time.Clock;

import io.github.secretsspringboot.EmulatorTestSupport;
import io.github.secretsspringboot.events.SecretEventHandler.Disposition;
import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
import io.github.secretsspringboot.refresh.SecretRefreshState;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import io.github.secretsspringboot.test.emulator.FaultKind;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static io.github.secretsspringboot.test.assertions.SecretAssertions.assertSameSecret;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each event does to a running application's secrets, against the emulator: the
 * handler is given the events the emulator published for real operations, the queue is
 * left out.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretEventHandlerTests extends EmulatorTestSupport {

	static final String CANARY = "canary-0b6e4d2a-do-not-log";

	@BeforeEach
	void forgetEvents() {
		emulator.events().clearPublished();
	}

	@Test
	void labelUpdateOfANewVersionPutsItInForce() {
		createSecret("app/db", "one");
		try (ConfigurableApplicationContext context = run("aws-secret:app/db?prefix=db")) {
			String v2 = putValue("app/db", "two");
			Handling handling = new Handling(context);
			assertThat(handling.handle(events().labelUpdated("app/db", "AWSCURRENT", v2)))
				.isEqualTo(Disposition.APPLIED);
			assertSameSecret(context.getEnvironment().getProperty("db.password"), CANARY + "two", "db.password");
			assertThat(handling.stats.applied()).isOne();
			assertThat(handling.stats.received()).isOne();
			assertThat(handling.stats.lastEventAt()).isNotNull();
			assertThat(handling.stats.lag()).isNotNull();
		}
	}

	@Test
	void duplicateEventCostsNoRequest() {
		createSecret("app/db", "one");
		try (ConfigurableApplicationContext context = run("aws-secret:app/db?prefix=db")) {
			String v2 = putValue("app/db", "two");
			Handling handling = new Handling(context);
			String event = events().labelUpdated("app/db", "AWSCURRENT", v2);
			assertThat(handling.handle(event)).isEqualTo(Disposition.APPLIED);
			emulator.control().resetCounters();
			assertThat(handling.handle(event)).isEqualTo(Disposition.APPLIED);
			assertThat(emulator.control().totalRequests()).isZero();
			assertSameSecret(context.getEnvironment().getProperty("db.password"), CANARY + "two", "db.password");
		}
	}

	@Test
	void olderEventDeliveredLateNeverRollsBack() {
		createSecret("app/db", "one");
		try (ConfigurableApplicationContext context = run("aws-secret:app/db?prefix=db")) {
			String v2 = putValue("app/db", "two");
			String v3 = putValue("app/db", "three");
			Handling handling = new Handling(context);
			assertThat(handling.handle(events().labelUpdated("app/db", "AWSCURRENT", v3)))
				.isEqualTo(Disposition.APPLIED);
			assertThat(handling.handle(events().labelUpdated("app/db", "AWSCURRENT", v2)))
				.isEqualTo(Disposition.APPLIED);
			assertSameSecret(context.getEnvironment().getProperty("db.password"), CANARY + "three", "db.password");
			assertThat(state(context, "app/db").versionId()).isEqualTo(v3);
		}
	}

	@Test
	void foreignEventsAndUnimportedSecretsCostNoRequest() {
		createSecret("app/db", "one");
		createSecret("other/db", "one");
		try (ConfigurableApplicationContext context = run("aws-secret:app/db?prefix=db")) {
			String other = putValue("other/db", "two");
			Handling handling = new Handling(context);
			emulator.control().resetCounters();
			String labelUpdated = events().labelUpdated("other/db", "AWSCURRENT", other);
			String putSecretValue = events().apiCall("PutSecretValue");
			emulator.control().resetCounters();
			assertThat(handling.handle(EventBodies.foreign(emulator.region()))).isEqualTo(Disposition.IGNORED);
			assertThat(handling.handle(labelUpdated)).isEqualTo(Disposition.IGNORED);
			assertThat(handling.handle(putSecretValue)).isEqualTo(Disposition.IGNORED);
			assertThat(emulator.control().totalRequests()).isZero();
			assertThat(handling.stats.ignored()).containsEntry(EventStats.FOREIGN, 1L)
				.containsEntry(EventStats.NOT_IMPORTED, 2L);
			assertThat(handling.stats.applied()).isZero();
		}
	}

	@Test
	void malformedMessagesAreCountedAndNeverLogged(CapturedOutput output) {
		createSecret("app/db", "one");
		try (ConfigurableApplicationContext context = run("aws-secret:app/db?prefix=db")) {
			Handling handling = new Handling(context);
			String valid = events().labelUpdated("app/db", "AWSCURRENT", state(context, "app/db").versionId());
			assertThat(handling.handle("{\"password\": \"" + CANARY)).isEqualTo(Disposition.INVALID);
			assertThat(handling.handle(CANARY)).isEqualTo(Disposition.INVALID);
			assertThat(handling.handle(valid.replace("\"versionId\"", "\"" + CANARY + "\"")))
				.isEqualTo(Disposition.INVALID);
			assertThat(handling.stats.invalid()).isEqualTo(3);
			assertThat(handling.stats.received()).isEqualTo(3);
		}
		assertThat(output.getAll()).doesNotContain(CANARY);
	}

	@Test
	void customLabelRefreshesOnlyImportsThatFollowIt() {
		createSecret("app/db", "one");
		try (ConfigurableApplicationContext context = run("aws-secret:app/db?prefix=db")) {
			Handling handling = new Handling(context);
			String v2 = putValue("app/db", "two");
			moveLabel("app/db", "STAGING", v2, null);
			assertThat(handling.handle(events().labelUpdated("app/db", "STAGING", v2))).isEqualTo(Disposition.IGNORED);
			assertThat(handling.stats.ignored()).containsEntry(EventStats.LABEL_NOT_FOLLOWED, 1L);
			assertSameSecret(context.getEnvironment().getProperty("db.password"), CANARY + "one", "db.password");
		}
	}

	@Test
	void customLabelThatAnImportFollowsRefreshesIt() {
		String v1 = createSecret("app/db", "one");
		moveLabel("app/db", "STAGING", v1, null);
		try (ConfigurableApplicationContext context = run("aws-secret:app/db?prefix=staged&version-stage=STAGING")) {
			Handling handling = new Handling(context);
			String v2 = putValue("app/db", "two");
			moveLabel("app/db", "STAGING", v2, v1);
			assertThat(handling.handle(events().labelUpdated("app/db", "STAGING", v2))).isEqualTo(Disposition.APPLIED);
			assertSameSecret(context.getEnvironment().getProperty("staged.password"), CANARY + "two",
					"staged.password");
		}
	}

	@Test
	void cloudTrailCallsCheckTheSecret() {
		createSecret("app/db", "one");
		try (ConfigurableApplicationContext context = run("aws-secret:app/db?prefix=db")) {
			Handling handling = new Handling(context);
			putValue("app/db", "two");
			assertThat(handling.handle(events().apiCall("PutSecretValue"))).isEqualTo(Disposition.APPLIED);
			assertSameSecret(context.getEnvironment().getProperty("db.password"), CANARY + "two", "db.password");
			String v3 = putValue("app/db", "three");
			String v2 = state(context, "app/db").versionId();
			secrets().updateSecretVersionStage((request) -> request.secretId("app/db")
				.versionStage("AWSCURRENT")
				.moveToVersionId(v2)
				.removeFromVersionId(v3));
			assertThat(handling.handle(events().apiCall("UpdateSecretVersionStage"))).isEqualTo(Disposition.APPLIED);
			assertSameSecret(context.getEnvironment().getProperty("db.password"), CANARY + "two", "db.password");
		}
	}

	@Test
	void deletionShowsInStateAndRestoreClearsIt() {
		createSecret("app/db", "one");
		try (ConfigurableApplicationContext context = run("aws-secret:app/db?prefix=db")) {
			Handling handling = new Handling(context);
			secrets().deleteSecret((request) -> request.secretId("app/db").recoveryWindowInDays(7L));
			assertThat(handling.handle(events().apiCall("DeleteSecret"))).isEqualTo(Disposition.APPLIED);
			assertThat(state(context, "app/db").isFailing()).isTrue();
			assertSameSecret(context.getEnvironment().getProperty("db.password"), CANARY + "one", "db.password");
			secrets().restoreSecret((request) -> request.secretId("app/db"));
			assertThat(handling.handle(events().apiCall("RestoreSecret"))).isEqualTo(Disposition.APPLIED);
			assertThat(state(context, "app/db").isFailing()).isFalse();
		}
	}

	@Test
	void optionalSecretCreatedAfterStartupIsLoaded() {
		try (ConfigurableApplicationContext context = run("optional:aws-secret:app/later?prefix=later")) {
			assertThat(context.getEnvironment().getProperty("later.password")).isNull();
			Handling handling = new Handling(context);
			createSecret("app/later", "one");
			assertThat(handling.handle(events().apiCall("CreateSecret"))).isEqualTo(Disposition.APPLIED);
			assertSameSecret(context.getEnvironment().getProperty("later.password"), CANARY + "one", "later.password");
		}
	}

	@Test
	void refreshThatSecretsManagerCannotAnswerLeavesTheEventForRedelivery() {
		createSecret("app/db", "one");
		try (ConfigurableApplicationContext context = run("aws-secret:app/db?prefix=db")) {
			Handling handling = new Handling(context);
			String v2 = putValue("app/db", "two");
			String event = events().labelUpdated("app/db", "AWSCURRENT", v2);
			emulator.control().outage(FaultKind.CONNECTION_RESET);
			assertThat(handling.handle(event)).isEqualTo(Disposition.RETRY);
			assertThat(handling.stats.applied()).isZero();
			emulator.control().endOutage();
			assertThat(handling.handle(event)).isEqualTo(Disposition.APPLIED);
			assertSameSecret(context.getEnvironment().getProperty("db.password"), CANARY + "two", "db.password");
		}
	}

	private static void moveLabel(String name, String label, String to, @Nullable String from) {
		secrets().updateSecretVersionStage(
				(request) -> request.secretId(name).versionStage(label).moveToVersionId(to).removeFromVersionId(from));
	}

	private static PublishedEvents events() {
		return new PublishedEvents(emulator.events());
	}

	private static String createSecret(String name, String password) {
		return secrets().createSecret((request) -> request.name(name).secretString(json(password))).versionId();
	}

	private static String putValue(String name, String password) {
		return secrets().putSecretValue((request) -> request.secretId(name).secretString(json(password))).versionId();
	}

	private static String json(String password) {
		return "{\"username\": \"app\", \"password\": \"" + CANARY + password + "\"}";
	}

	private static SecretRefreshState state(ConfigurableApplicationContext context, String secretId) {
		return context.getBean(SecretRefreshRegistry.class).getStates(secretId).get(0);
	}

	/**
	 * An application that imports secrets and checks them every hour: only the events
	 * handled here refresh them.
	 */
	static ConfigurableApplicationContext run(String configImport) {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run("--spring.config.import=" + configImport,
				"--aws.secrets.endpoint=" + emulator.endpoint(), "--aws.secrets.region=" + emulator.region(),
				"--spring.main.banner-mode=off", "--aws.secrets.retry.max-attempts=1",
				"--aws.secrets.refresh.interval=1h", "--aws.secrets.refresh.forced-refresh-min-spacing=1h");
	}

	static final class Handling {

		final EventStats stats = new EventStats("queue", Clock.systemUTC());

		final SecretEventHandler handler;

		Handling(ConfigurableApplicationContext context) {
			this.handler = new SecretEventHandler(context.getBean(SecretsRefresher.class),
					context.getBean(SecretRefreshRegistry.class), this.stats);
		}

		Disposition handle(String body) {
			return this.handler.handle(body).join();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
