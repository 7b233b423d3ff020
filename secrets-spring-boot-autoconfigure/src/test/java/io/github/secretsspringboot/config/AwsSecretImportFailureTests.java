package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretImportException;
import io.github.secretsspringboot.test.emulator.FaultKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Failed imports stop the application with a failure analysis that names the secret and
 * what to do, and never shows a value; transient failures within the budget are survived.
 */
@ExtendWith(OutputCaptureExtension.class)
class AwsSecretImportFailureTests extends SecretImportTestSupport {

	@Test
	void missingSecretIsConfigDataNotFoundWithItsOwnAnalysis(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/missing"))
			.isInstanceOfSatisfying(ConfigDataResourceNotFoundException.class,
					(ex) -> assertThat(ex.getResource()).isInstanceOf(AwsSecretConfigDataResource.class));
		assertThat(output).contains("Secret 'prod/app/missing' imported by spring.config.import does not exist")
			.contains("optional:aws-secret:prod/app/missing");
	}

	@Test
	void missingSecretIsIgnoredWhenConfigOnNotFoundIsIgnore() {
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/missing",
				"spring.config.on-not-found=ignore")) {
			assertThat(context.getEnvironment().containsProperty("missing")).isFalse();
		}
	}

	@Test
	void accessDeniedNamesTheIamActions(CapturedOutput output) {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		emulator.control().denyAccess("prod/app/db");
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db"))
			.isInstanceOfSatisfying(SecretImportException.class,
					(ex) -> assertThat(ex.getKind()).isEqualTo(SecretErrorKind.ACCESS_DENIED));
		assertThat(output).contains("Access to secret 'prod/app/db' was denied")
			.contains("secretsmanager:GetSecretValue")
			.doesNotContain(CANARY);
	}

	@Test
	void decryptionFailureNamesKmsDecrypt(CapturedOutput output) {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		emulator.control().failDecryption("prod/app/db");
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db"))
			.isInstanceOfSatisfying(SecretImportException.class,
					(ex) -> assertThat(ex.getKind()).isEqualTo(SecretErrorKind.DECRYPTION_FAILURE));
		assertThat(output).contains("could not decrypt secret 'prod/app/db'")
			.contains("kms:Decrypt")
			.doesNotContain(CANARY);
	}

	@Test
	void secretScheduledForDeletionSaysHowToRestoreIt(CapturedOutput output) {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		secrets().deleteSecret((request) -> request.secretId("prod/app/db").recoveryWindowInDays(7L));
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db"))
			.isInstanceOfSatisfying(SecretImportException.class,
					(ex) -> assertThat(ex.getKind()).isEqualTo(SecretErrorKind.SCHEDULED_FOR_DELETION));
		assertThat(output).contains("scheduled for deletion").contains("restore-secret --secret-id prod/app/db");
	}

	@Test
	void throttlingThatOutlastsTheStartupBudgetFails(CapturedOutput output) {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\"}");
		emulator.control().failRequests(FaultKind.THROTTLING, 1.0);
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db", "aws.secrets.startup-timeout=4s"))
			.isInstanceOfSatisfying(SecretImportException.class,
					(ex) -> assertThat(ex.getKind()).isEqualTo(SecretErrorKind.UNAVAILABLE));
		assertThat(output).contains("could not be loaded within PT4S").contains("aws.secrets.startup-timeout");
		// Retried: the SDK's own attempts and the starter's, spaced by randomised backoff
		// (the
		// SDK waits up to a second after throttling: the budget leaves room for a retry
		// on a slow machine).
		assertThat(emulator.control().requestCount("GetSecretValue")).isGreaterThan(1);
	}

	@Test
	void unreachableEndpointFailsWithinTheBudget(CapturedOutput output) {
		emulator.control().outage();
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db", "aws.secrets.startup-timeout=1s"))
			.isInstanceOfSatisfying(SecretImportException.class,
					(ex) -> assertThat(ex.getKind()).isEqualTo(SecretErrorKind.UNAVAILABLE));
		assertThat(output).contains("Check network access to the Secrets Manager endpoint");
	}

	@Test
	void transientFailuresShorterThanTheBudgetAreSurvived() {
		createSecret("prod/app/db", "{\"password\": \"p\"}");
		emulator.control().failRequests(FaultKind.INTERNAL_SERVICE_ERROR, 0.6);
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db",
				"aws.secrets.startup-timeout=20s")) {
			assertThat(context.getEnvironment().getProperty("password")).isEqualTo("p");
		}
	}

	@Test
	void unknownOptionIsNamed(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db?prefx=db"))
			.isInstanceOfSatisfying(SecretImportException.class,
					(ex) -> assertThat(ex.getKind()).isEqualTo(SecretErrorKind.INVALID_IMPORT));
		assertThat(output).contains("'prefx' is not an option");
		assertThat(emulator.control().totalRequests()).isZero();
	}

	@Test
	void badOptionValuesAreNamed() {
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db?format=xml"))
			.withMessageContaining("option 'format' must be 'datasource' or 'properties'");
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db?prefix=Not Valid"))
			.withMessageContaining("option 'prefix' value 'Not Valid' is not a valid property name");
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db?version-id=short"))
			.withMessageContaining("option 'version-id' must be a version id");
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db?key=a&key=b"))
			.withMessageContaining("option 'key' is given twice");
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db?format=datasource&key=password"))
			.withMessageContaining("cannot be combined with 'format=datasource'");
	}

	@Test
	void invalidSyntaxIsNamed() {
		assertThatException().isThrownBy(() -> run("aws-secret:"))
			.withMessageContaining("The import 'aws-secret:' is invalid: it names no secret");
		assertThatException().isThrownBy(() -> run("aws-secret:arn:aws:s3:::bucket"))
			.withMessageContaining("is not a Secrets Manager secret ARN");
		assertThatException().isThrownBy(() -> run("aws-secret:has space"))
			.withMessageContaining("is not a valid secret name");
	}

	@Test
	void missingKeyListsTheKeysPresentButNoValue(CapturedOutput output) {
		createSecret("prod/app/db", "{\"username\": \"app\", \"password\": \"" + CANARY + "\"}");
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db?key=pasword"))
			.withMessageContaining("it has no key 'pasword' (its keys are username, password)");
		assertThat(output.toString()).doesNotContain(CANARY);
	}

	@Test
	void malformedJsonWithKeyIsAnErrorThatQuotesNothing(CapturedOutput output) {
		createSecret("prod/app/db", "{\"password\": \"" + CANARY + "\" oops");
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db?key=password"))
			.withMessageContaining("the value is not valid JSON");
		assertThat(output.toString()).doesNotContain(CANARY);
	}

	@Test
	void malformedJsonWithoutKeyIsPlaintext() {
		createSecret("prod/app/token", "{not json");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/token")) {
			assertThat(context.getEnvironment().getProperty("token")).isEqualTo("{not json");
		}
	}

	@Test
	void datasourceFormatNamesTheMissingKeys(CapturedOutput output) {
		createSecret("prod/app/db",
				"{\"engine\": \"postgres\", \"host\": \"h\", \"username\": \"u\", \"password\": \"" + CANARY + "\"}");
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db?format=datasource"))
			.withMessageContaining("format=datasource needs the keys dbname, which the secret lacks");
		createSecret("prod/app/db2", "{\"engine\": \"postgres\", \"dbname\": \"d\"}");
		assertThatException().isThrownBy(() -> run("aws-secret:prod/app/db2?format=datasource"))
			.withMessageContaining("needs the keys host, username, password");
		assertThat(output.toString()).doesNotContain(CANARY);
	}

	@Test
	void optionalImportOfADeniedSecretIsSkippedWithOneLine(CapturedOutput output) {
		createSecret("prod/app/db", "{\"password\": \"p\"}");
		emulator.control().denyAccess("prod/app/db");
		try (ConfigurableApplicationContext context = run("optional:aws-secret:prod/app/db")) {
			assertThat(context.getEnvironment().containsProperty("password")).isFalse();
		}
		assertThat(output).containsOnlyOnce("Skipped optional secret 'prod/app/db'");
	}

}
