package io.github.secretsspringboot.refresh;

import java.time.Instant;
import java.util.List;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretImport;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the refresh of one import: the version in use, when it was last checked
 * and changed, and how it has been failing. Holds no value; error kinds, not messages.
 *
 * @param source the name of the import's property source
 * @param secretImport the import
 * @param arn the secret's ARN
 * @param versionId the version the properties come from
 * @param versionStages the staging labels of that version when last checked
 * @param lastSuccessfulCheck when a check last succeeded, or {@code null}
 * @param lastChange when the properties last changed, or {@code null}
 * @param consecutiveFailures checks failed since the last success
 * @param lastError why the last failed check failed, or {@code null} when none ever
 * failed
 * @param lastFailure when a check last failed, or {@code null}
 * @param checks checks made
 * @param changes changes applied
 * @param failures checks that failed
 * @param nextCheck when the secret is due to be checked next, or {@code null} before the
 * refresher starts
 * @param description what the last DescribeSecret said about the secret, or {@code null}
 * when none was made (batch mode)
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public record SecretRefreshState(String source, SecretImport secretImport, @Nullable String arn,
		@Nullable String versionId, List<String> versionStages, @Nullable Instant lastSuccessfulCheck,
		@Nullable Instant lastChange, int consecutiveFailures, @Nullable SecretErrorKind lastError,
		@Nullable Instant lastFailure, long checks, long changes, long failures, @Nullable Instant nextCheck,
		@Nullable SecretDescription description) {

	public SecretRefreshState {
		versionStages = List.copyOf(versionStages);
	}

	/** The secret as named in the import. */
	public String secretId() {
		return this.secretImport.getSecretId();
	}

	/** Whether the last check failed, so that older values are in use. */
	public boolean isFailing() {
		return this.consecutiveFailures > 0;
	}

}
