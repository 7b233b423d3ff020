package io.github.secretsspringboot.core;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;

/**
 * One fetched version of a secret. {@link #toString()} names the version, never the
 * value.
 *
 * @param name the secret's name
 * @param arn the secret's ARN
 * @param versionId the version id
 * @param versionStages the staging labels of the version when fetched
 * @param createdDate when the version was created
 * @param secretString the value of a string secret, or {@code null}
 * @param secretBinary the value of a binary secret, or {@code null}
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public record SecretValue(String name, String arn, String versionId, List<String> versionStages, Instant createdDate,
		@Nullable String secretString, byte @Nullable [] secretBinary) {

	/** The version a GetSecretValue response holds. */
	public static SecretValue of(GetSecretValueResponse response) {
		return new SecretValue(response.name(), response.arn(), response.versionId(),
				List.copyOf(response.versionStages()), response.createdDate(), response.secretString(),
				(response.secretBinary() != null) ? response.secretBinary().asByteArray() : null);
	}

	/** The version an entry of a BatchGetSecretValue response holds. */
	public static SecretValue of(SecretValueEntry entry) {
		return new SecretValue(entry.name(), entry.arn(), entry.versionId(), List.copyOf(entry.versionStages()),
				entry.createdDate(), entry.secretString(),
				(entry.secretBinary() != null) ? entry.secretBinary().asByteArray() : null);
	}

	public boolean isBinary() {
		return this.secretString == null;
	}

	/** The value as text: the string, or the Base64 encoding of a binary value. */
	@Nullable String text() {
		return isBinary() ? Base64.getEncoder().encodeToString(this.secretBinary) : this.secretString;
	}

	/** Whether {@code secretId} (a name, full ARN or partial ARN) names this secret. */
	public boolean isNamedBy(String secretId) {
		return secretId.equals(this.name) || secretId.equals(this.arn)
				|| (this.arn != null && this.arn.length() == secretId.length() + 7 && this.arn.startsWith(secretId));
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof SecretValue that && this.arn.equals(that.arn)
				&& this.versionId.equals(that.versionId));
	}

	@Override
	public int hashCode() {
		return this.arn.hashCode() * 31 + this.versionId.hashCode();
	}

	@Override
	public String toString() {
		return "SecretValue[" + this.arn + " version " + this.versionId + " " + this.versionStages + "]";
	}

}
