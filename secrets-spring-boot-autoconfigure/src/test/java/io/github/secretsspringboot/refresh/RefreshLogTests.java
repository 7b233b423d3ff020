package io.github.secretsspringboot.refresh;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.secretsspringboot.Withheld.assertWithheld;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RefreshLog}: changes and recoveries at INFO, a failure at WARN once
 * per backoff step and at DEBUG otherwise, names and versions only.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
@ExtendWith(OutputCaptureExtension.class)
class RefreshLogTests {

	private static final String CANARY = "canary-8e1b3d-log";

	private static final String LOGGER = SecretsRefresher.class.getName();

	private final LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());

	private final RefreshLog log = new RefreshLog();

	private TrackedSecret secret;

	private TrackedImport tracked;

	@BeforeEach
	void setUp(SecretsManagerEmulator emulator) {
		emulator.clear();
		emulator.client()
			.createSecret((secret) -> secret.name("app").secretString("{\"password\": \"" + CANARY + "\"}"));
		this.secret = new RefreshFixtures(emulator.client()).track("aws-secret:app");
		this.tracked = this.secret.imports().get(0);
		this.loggingSystem.setLogLevel(LOGGER, LogLevel.INFO);
	}

	@AfterEach
	void resetLevel() {
		this.loggingSystem.setLogLevel(LOGGER, null);
	}

	@Test
	void aChangeIsLoggedWithItsVersionsAndPropertyNames(CapturedOutput output) {
		SecretChange change = new SecretChange("app", "arn:app", "aws-secret:app", "v1", "v2", Set.of("password"));
		this.log.checked(outcome(ImportOutcome.changed(this.tracked, change, List.of("AWSCURRENT"))),
				finished(0, 0, false));
		assertThat(output).contains("INFO")
			.contains("Secret 'app' changed: 'aws-secret:app' now holds version v2 (was v1), changed properties "
					+ "[password]");
		assertWithheld(CANARY, "The log", output);
	}

	@Test
	void theFirstLoadOfAnOptionalImportIsLoggedAsSuch(CapturedOutput output) {
		SecretChange change = new SecretChange("app", "arn:app", "aws-secret:app", null, "v1", Set.of("password"));
		this.log.checked(outcome(ImportOutcome.changed(this.tracked, change, List.of("AWSCURRENT"))),
				finished(0, 0, false));
		assertThat(output).contains("now holds version v1 (loaded for the first time)");
	}

	@Test
	void aRecoveryIsLoggedWithTheFailuresItEnds(CapturedOutput output) {
		this.log.checked(outcome(ImportOutcome.unchanged(this.tracked, List.of("AWSCURRENT"))), finished(3, 0, false));
		assertThat(output).contains("Secret 'app' is refreshed again after 3 failed checks");
		this.log.checked(outcome(ImportOutcome.unchanged(this.tracked, List.of("AWSCURRENT"))), finished(1, 0, false));
		assertThat(output).contains("Secret 'app' is refreshed again after 1 failed check\n");
	}

	@Test
	void aSuccessfulCheckIsLoggedAtDebugOnly(CapturedOutput output) {
		this.log.checked(outcome(ImportOutcome.unchanged(this.tracked, List.of("AWSCURRENT"))), finished(0, 0, false));
		assertThat(output).doesNotContain("Checked secret 'app'");
		this.loggingSystem.setLogLevel(LOGGER, LogLevel.DEBUG);
		this.log.checked(outcome(ImportOutcome.unchanged(this.tracked, List.of("AWSCURRENT"))), finished(0, 0, false));
		assertThat(output).contains("Checked secret 'app'");
	}

	@Test
	void aFailureThatReachesANewStepIsAWarningNamingTheVersionKept(CapturedOutput output) {
		ImportOutcome failure = VersionApplier.rejectedAgain(this.tracked, "v9");
		this.log.checked(outcome(failure), finished(0, 2, true));
		assertThat(output).contains("WARN")
			.contains("Could not refresh secret 'app' (" + failure.error()
					+ ": version v9 cannot be used (see the earlier warning)); 'aws-secret:app' keeps the values of "
					+ "version " + this.tracked.versionIdInUse() + ". 2 failed checks in a row, next in ");
		assertWithheld(CANARY, "The log", output);
	}

	@Test
	void aFailureWithinTheSameStepIsLoggedAtDebugOnly(CapturedOutput output) {
		ImportOutcome failure = VersionApplier.rejectedAgain(this.tracked, "v9");
		this.log.checked(outcome(failure), finished(2, 3, false));
		assertThat(output).doesNotContain("Could not refresh secret");
		this.loggingSystem.setLogLevel(LOGGER, LogLevel.DEBUG);
		this.log.checked(outcome(failure), finished(3, 4, false));
		assertThat(output).contains("DEBUG").contains("Could not refresh secret 'app'").contains("4 failed checks");
	}

	@Test
	void theWaitUntilTheNextCheckIsInSecondsFromTenSecondsOn(CapturedOutput output) {
		ImportOutcome failure = VersionApplier.rejectedAgain(this.tracked, "v9");
		this.log.checked(outcome(failure), new TrackedSecret.Finished(0, 1, true, Duration.ofMillis(480_250), false));
		assertThat(output).contains("1 failed check in a row, next in 480s\n");
		this.log.checked(outcome(failure), new TrackedSecret.Finished(1, 2, true, Duration.ofMillis(2_500), false));
		assertThat(output).contains("2 failed checks in a row, next in 2500ms\n");
	}

	private SecretOutcome outcome(ImportOutcome imported) {
		return new SecretOutcome(this.secret, List.of(imported), RefreshFixtures.NOW);
	}

	private static TrackedSecret.Finished finished(int previousFailures, int consecutiveFailures, boolean warn) {
		return new TrackedSecret.Finished(previousFailures, consecutiveFailures, warn, Duration.ofSeconds(30), false);
	}

}
