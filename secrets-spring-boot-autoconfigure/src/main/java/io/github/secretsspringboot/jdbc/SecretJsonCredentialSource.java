package io.github.secretsspringboot.jdbc;

import java.util.Map;
import java.util.Optional;

import io.github.secretsspringboot.core.SecretJson;
import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.core.SecretValue;
import io.github.secretsspringboot.refresh.SecretChange;

import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySources;

/**
 * Credentials read from the {@code username} and {@code password} keys of a secret in the
 * RDS format, the one the AWS rotation functions keep, however the secret is imported.
 * Used for a DataSource mapped to a secret with
 * {@code aws.secrets.datasource.<bean>.secret}.
 *
 * @author secrets-spring-boot
 */
final class SecretJsonCredentialSource implements CredentialSource {

	private final String secretId;

	private final String propertySourceName;

	private final PropertySources propertySources;

	SecretJsonCredentialSource(SecretPropertySource source, PropertySources propertySources) {
		this.secretId = source.getSecretImport().getSecretId();
		this.propertySourceName = source.getName();
		this.propertySources = propertySources;
	}

	@Override
	public String secretId() {
		return this.secretId;
	}

	@Override
	public boolean isChangedBy(SecretChange change) {
		return this.propertySourceName.equals(change.source());
	}

	@Override
	// A loaded source holds a version.
	@SuppressWarnings("NullAway")
	public Optional<DatabaseCredentials> current() {
		// Looked up by name: a config data reload can replace the instance.
		PropertySource<?> source = this.propertySources.get(this.propertySourceName);
		return (source instanceof SecretPropertySource secretSource && secretSource.isLoaded())
				? of(secretSource.getVersion()) : Optional.empty();
	}

	@Override
	// A value that is not binary is a string.
	@SuppressWarnings("NullAway")
	public Optional<DatabaseCredentials> of(SecretValue version) {
		if (version.isBinary()) {
			return Optional.empty();
		}
		Optional<Map<String, Object>> secret = SecretJson.readObject(version.secretString());
		if (secret.isEmpty()) {
			return Optional.empty();
		}
		DatabaseCredentials credentials = new DatabaseCredentials(SecretJson.text(secret.get(), "username"),
				SecretJson.text(secret.get(), "password"));
		return (credentials.password() != null) ? Optional.of(credentials) : Optional.empty();
	}

	@Override
	public Optional<String> lostBy(SecretPropertySource inForce, SecretValue version, Map<String, Object> properties) {
		if (!this.propertySourceName.equals(inForce.getName())) {
			return Optional.empty();
		}
		Optional<DatabaseCredentials> next = of(version);
		if (next.isEmpty()) {
			return Optional.of("password");
		}
		// Never a swap to a null user while the version in force names one.
		SecretValue previous = inForce.getVersion();
		boolean hadUsername = previous != null && of(previous).map(DatabaseCredentials::username).isPresent();
		return (hadUsername && next.get().username() == null) ? Optional.of("username") : Optional.empty();
	}

	@Override
	public String toString() {
		return "username and password of secret '" + this.secretId + "'";
	}

}
