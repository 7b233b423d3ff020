package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretImport;

import org.springframework.boot.context.config.ConfigDataResource;

/**
 * One secret to load as config data.
 *
 * @author secrets-spring-boot
 */
final class AwsSecretConfigDataResource extends ConfigDataResource {

	private final SecretImport secretImport;

	private final boolean enabled;

	AwsSecretConfigDataResource(SecretImport secretImport, boolean enabled) {
		super(secretImport.isOptional());
		this.secretImport = secretImport;
		this.enabled = enabled;
	}

	/**
	 * Whether the secret is to be loaded: {@code aws.secrets.enabled=false} makes the
	 * import a no-op.
	 */
	boolean isEnabled() {
		return this.enabled;
	}

	public SecretImport getSecretImport() {
		return this.secretImport;
	}

	@Override
	public boolean equals(Object other) {
		return this == other
				|| (other instanceof AwsSecretConfigDataResource that && this.secretImport.equals(that.secretImport));
	}

	@Override
	public int hashCode() {
		return this.secretImport.hashCode();
	}

	@Override
	public String toString() {
		return this.secretImport.toString();
	}

}
