package io.github.secretsspringboot.jdbc;

import java.util.Optional;

import io.github.secretsspringboot.config.SecretPropertySource;
import io.github.secretsspringboot.config.SecretValue;
import io.github.secretsspringboot.refresh.SecretChange;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySources;

/**
 * Credentials read from the {@code username} and {@code password} keys of a secret in the
 * RDS format, the one the AWS rotation functions keep, however the secret is imported. Used
 * for a DataSource mapped to a secret with {@code aws.secrets.datasource.<bean>.secret}.
 *
 * @author secrets-spring-boot
 */
final class SecretJsonCredentialSource implements CredentialSource {

	private static final JsonMapper JSON = JsonMapper.builder().build();

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
	public Optional<DatabaseCredentials> current() {
		// Looked up by name: a config data reload can replace the instance.
		PropertySource<?> source = this.propertySources.get(this.propertySourceName);
		return (source instanceof SecretPropertySource secretSource) ? of(secretSource.getVersion()) : Optional.empty();
	}

	@Override
	public Optional<DatabaseCredentials> of(SecretValue version) {
		if (version.isBinary()) {
			return Optional.empty();
		}
		JsonNode secret;
		try {
			secret = JSON.readTree(version.secretString());
		}
		catch (JacksonException ex) {
			// The parser's message can quote the value.
			return Optional.empty();
		}
		if (secret == null || !secret.isObject()) {
			return Optional.empty();
		}
		DatabaseCredentials credentials = new DatabaseCredentials(text(secret, "username"), text(secret, "password"));
		return (credentials.password() != null) ? Optional.of(credentials) : Optional.empty();
	}

	private static String text(JsonNode secret, String key) {
		JsonNode node = secret.get(key);
		return (node != null && node.isValueNode() && !node.isNull()) ? node.asString() : null;
	}

	@Override
	public String toString() {
		return "username and password of secret '" + this.secretId + "'";
	}

}
