package io.github.secretsspringboot.core;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One secret named by an {@code aws-secret:} import, with its options. Holds no value.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public final class SecretImport {

	/** The prefix of an import in {@code spring.config.import}. */
	public static final String PREFIX = "aws-secret:";

	static final String AWSCURRENT = "AWSCURRENT";

	/**
	 * Parses the value of an {@code aws-secret:} location.
	 * @param location the location, with its prefix
	 * @param optional whether the location was marked {@code optional:}
	 * @return the imports it names, in order
	 * @throws IllegalArgumentException when the location is malformed, naming the part
	 * that is
	 */
	public static List<SecretImport> parse(String location, boolean optional) {
		return SecretImportParser.parse(location, optional);
	}

	private final String secretId;

	private final boolean optional;

	private final SecretImportOptions options;

	SecretImport(String secretId, boolean optional, SecretImportOptions options) {
		this.secretId = secretId;
		this.optional = optional;
		this.options = options;
	}

	/** The secret's name or ARN, as written in the import. */
	public String getSecretId() {
		return this.secretId;
	}

	public boolean isOptional() {
		return this.optional;
	}

	public SecretImportOptions getOptions() {
		return this.options;
	}

	/**
	 * Whether the import asks for a version other than the one at AWSCURRENT, which
	 * BatchGetSecretValue cannot return.
	 */
	public boolean isPinned() {
		return this.options.versionId() != null
				|| (this.options.versionStage() != null && !AWSCURRENT.equals(this.options.versionStage()));
	}

	/**
	 * The import as written, for property source names and messages (options hold no
	 * values).
	 */
	public String describe() {
		return PREFIX + this.secretId + this.options.describe();
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof SecretImport that)) {
			return false;
		}
		return this.optional == that.optional && this.secretId.equals(that.secretId)
				&& this.options.equals(that.options);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.secretId, this.optional, this.options);
	}

	@Override
	public String toString() {
		return (this.optional ? "optional:" : "") + describe();
	}

}
