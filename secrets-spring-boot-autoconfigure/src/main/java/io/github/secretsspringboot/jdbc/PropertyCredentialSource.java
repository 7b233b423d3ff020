package io.github.secretsspringboot.jdbc;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.github.secretsspringboot.config.SecretImport;
import io.github.secretsspringboot.config.SecretImportException;
import io.github.secretsspringboot.config.SecretPropertyMapper;
import io.github.secretsspringboot.config.SecretPropertySource;
import io.github.secretsspringboot.config.SecretValue;
import io.github.secretsspringboot.refresh.SecretChange;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Credentials read from the {@code spring.datasource.username} and
 * {@code spring.datasource.password} properties, at least one of which an imported secret
 * supplies (with {@code format=datasource}, {@code prefix=spring.datasource} or
 * {@code key=...&as=spring.datasource.password}). Another version of the secret is mapped
 * exactly as its import maps it.
 *
 * @author secrets-spring-boot
 */
final class PropertyCredentialSource implements CredentialSource {

	static final String USERNAME = "spring.datasource.username";

	static final String PASSWORD = "spring.datasource.password";

	private final Environment environment;

	private final SecretImport secretImport;

	private final Set<String> propertySourceNames;

	/**
	 * @param environment the environment the properties are read from
	 * @param secretImport the import that supplies the password, or else the username
	 * @param propertySourceNames the names of the property sources of the imports that
	 * supply either
	 */
	PropertyCredentialSource(Environment environment, SecretImport secretImport, Set<String> propertySourceNames) {
		this.environment = environment;
		this.secretImport = secretImport;
		this.propertySourceNames = Set.copyOf(propertySourceNames);
	}

	@Override
	public String secretId() {
		return this.secretImport.getSecretId();
	}

	@Override
	public boolean isChangedBy(SecretChange change) {
		return this.propertySourceNames.contains(change.source());
	}

	@Override
	public Optional<DatabaseCredentials> current() {
		DatabaseCredentials credentials = new DatabaseCredentials(this.environment.getProperty(USERNAME),
				this.environment.getProperty(PASSWORD));
		return credentials.isEmpty() ? Optional.empty() : Optional.of(credentials);
	}

	@Override
	public Optional<DatabaseCredentials> of(SecretValue version) {
		Map<String, Object> properties;
		try {
			properties = SecretPropertyMapper.map(this.secretImport, version);
		}
		catch (SecretImportException ex) {
			return Optional.empty();
		}
		MapConfigurationPropertySource mapped = new MapConfigurationPropertySource(properties);
		DatabaseCredentials fromVersion = new DatabaseCredentials(value(mapped, USERNAME), value(mapped, PASSWORD));
		if (fromVersion.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(current().map(fromVersion::orElse).orElse(fromVersion));
	}

	@Override
	public Optional<String> lostBy(SecretPropertySource inForce, SecretValue version, Map<String, Object> properties) {
		if (!this.propertySourceNames.contains(inForce.getName())) {
			return Optional.empty();
		}
		MapConfigurationPropertySource before = new MapConfigurationPropertySource(inForce.getSource().properties());
		MapConfigurationPropertySource after = new MapConfigurationPropertySource(properties);
		return Stream.of(USERNAME, PASSWORD)
			.filter((name) -> value(before, name) != null && value(after, name) == null)
			.findFirst();
	}

	private static String value(MapConfigurationPropertySource source, String name) {
		ConfigurationProperty property = source.getConfigurationProperty(ConfigurationPropertyName.of(name));
		return (property != null && property.getValue() != null) ? property.getValue().toString() : null;
	}

	@Override
	public String toString() {
		return "spring.datasource properties from secret '" + secretId() + "'";
	}

}
