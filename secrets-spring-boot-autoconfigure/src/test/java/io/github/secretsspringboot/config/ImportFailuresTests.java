package io.github.secretsspringboot.config;

import java.io.IOException;
import java.time.Duration;

import io.github.secretsspringboot.client.AwsSecretsProperties;
import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretImportException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImportFailures}: each failure start-up finds has its kind, names the
 * secret, keeps its cause and says what to do.
 */
class ImportFailuresTests {

	private static final IOException CAUSE = new IOException("Connection refused");

	@Test
	void accessDeniedNamesTheSecretTheOperationAndTheActionsToAllow() {
		SecretImportException failure = ImportFailures.accessDenied("prod/db", "GetSecretValue", CAUSE);
		assertThat(failure.getKind()).isEqualTo(SecretErrorKind.ACCESS_DENIED);
		assertThat(failure.getSecretId()).isEqualTo("prod/db");
		assertThat(failure.getMessage()).contains("'prod/db'", "GetSecretValue");
		assertThat(failure.getAction()).contains("secretsmanager:GetSecretValue", "kms:Decrypt");
		assertThat(failure).hasCause(CAUSE);
	}

	@Test
	void decryptionAndDeletionHaveTheirOwnKinds() {
		assertThat(ImportFailures.decryptionFailure("prod/db", CAUSE).getKind())
			.isEqualTo(SecretErrorKind.DECRYPTION_FAILURE);
		SecretImportException deleted = ImportFailures.scheduledForDeletion("prod/db", CAUSE);
		assertThat(deleted.getKind()).isEqualTo(SecretErrorKind.SCHEDULED_FOR_DELETION);
		assertThat(deleted.getAction()).contains("restore-secret --secret-id prod/db");
	}

	@Test
	void unavailableSaysHowLongItTriedAndWhy() {
		AwsSecretsProperties properties = new AwsSecretsProperties();
		properties.setStartupTimeout(Duration.ofSeconds(7));
		SecretImportException failure = ImportFailures.unavailable("prod/db", properties, CAUSE);
		assertThat(failure.getKind()).isEqualTo(SecretErrorKind.UNAVAILABLE);
		assertThat(failure.getMessage()).contains("'prod/db'", "PT7S", "Connection refused");
		assertThat(failure.getAction()).isNotBlank();
	}

	@Test
	void aClientThatCannotBeBuiltWithoutARegionAsksForOne() {
		SecretImportException failure = ImportFailures.clientNotBuilt("prod/db", new AwsSecretsProperties(), CAUSE);
		assertThat(failure.getKind()).isEqualTo(SecretErrorKind.OTHER);
		assertThat(failure.getAction()).contains("aws.secrets.region", "AWS_REGION");
		AwsSecretsProperties withRegion = new AwsSecretsProperties();
		withRegion.setRegion("eu-west-1");
		assertThat(ImportFailures.clientNotBuilt("prod/db", withRegion, CAUSE).getAction())
			.contains("aws.secrets.* settings");
	}

	@Test
	void aSettingReadTooLateNamesTheFileAndWhereToWriteIt() {
		SecretImportException failure = ImportFailures.settingReadTooLate("aws-secret:prod/db", "aws.secrets.region",
				"application-prod.yml", "prod");
		assertThat(failure.getKind()).isEqualTo(SecretErrorKind.INVALID_IMPORT);
		assertThat(failure.getMessage()).contains("'aws.secrets.region'", "application-prod.yml",
				"'aws-secret:prod/db'");
		assertThat(failure.getAction()).contains("spring.config.activate.on-profile: prod");
		assertThat(failure.getCause()).isNull();
	}

}
