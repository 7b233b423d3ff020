package io.github.secretsspringboot.jdbc;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.github.secretsspringboot.core.SecretImport;
import io.github.secretsspringboot.core.SecretImportException;
import io.github.secretsspringboot.core.SecretPropertyMapper;
import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.core.SecretValue;
import io.github.secretsspringboot.refresh.SecretChange;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Credentials read from the {@code spring.datasource.username} and
 * {@code spring.datasource.password} properties, at least one of which an imported secret
 * supplies: directly ({@code format=datasource}, {@code prefix=spring.datasource} or
 * {@code key=...&as=spring.datasource.password}) or through placeholders
 * ({@code spring.datasource.password: ${db.password}} with {@code ?prefix=db}). Another
 * version of the secret is mapped exactly as its import maps it, and the properties
 * resolved as they would be with that version imported.
 * <p>
 * With {@code followsUrl}, {@code spring.datasource.url} is part of the credentials: a
 * version naming another host, port or database moves the pool's new connections there.
 *
 * @author secrets-spring-boot
 */
final class PropertyCredentialSource implements CredentialSource {

	static final String USERNAME = "spring.datasource.username";

	static final String PASSWORD = "spring.datasource.password";

	static final String URL = "spring.datasource.url";

	private final ConfigurableEnvironment environment;

	private final SecretImport secretImport;

	private final String propertySourceName;

	private final Set<String> propertySourceNames;

	private final boolean followsUrl;

	/**
	 * @param environment the environment the properties are read from
	 * @param primary the import that supplies the password, or else the username
	 * @param propertySourceNames the names of the property sources of the imports that
	 * supply either
	 * @param followsUrl whether the pool connects to the URL the properties give
	 */
	PropertyCredentialSource(ConfigurableEnvironment environment, SecretPropertySource primary,
			Set<String> propertySourceNames, boolean followsUrl) {
		this.environment = environment;
		this.secretImport = primary.getSecretImport();
		this.propertySourceName = primary.getName();
		this.propertySourceNames = Set.copyOf(propertySourceNames);
		this.followsUrl = followsUrl;
	}

	@Override
	public String secretId() {
		return this.secretImport.getSecretId();
	}

	@Override
	public boolean isChangedBy(SecretChange change) {
		return this.propertySourceNames.contains(change.source());
	}

	boolean followsUrl() {
		return this.followsUrl;
	}

	@Override
	public Optional<DatabaseCredentials> current() {
		return read(this.environment);
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
		if (properties.isEmpty()) {
			return Optional.empty();
		}
		return read(withVersion(properties));
	}

	/**
	 * The environment's property sources, with the import's replaced by
	 * {@code properties}.
	 */
	private PropertyResolver withVersion(Map<String, Object> properties) {
		return replacing(this.propertySourceName, properties);
	}

	/**
	 * The environment's property sources, with the one named {@code name} replaced by
	 * {@code properties}.
	 */
	private PropertyResolver replacing(String name, Map<String, Object> properties) {
		StandardEnvironment resolver = new StandardEnvironment();
		MutablePropertySources sources = resolver.getPropertySources();
		for (PropertySource<?> source : sources) {
			sources.remove(source.getName());
		}
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
				continue;
			}
			sources
				.addLast(source.getName().equals(name) ? new MapPropertySource(source.getName(), properties) : source);
		}
		ConfigurationPropertySources.attach(resolver);
		return resolver;
	}

	/** Empty when neither credential resolves, or a placeholder no longer does. */
	private Optional<DatabaseCredentials> read(PropertyResolver resolver) {
		DatabaseCredentials credentials;
		try {
			credentials = new DatabaseCredentials(resolver.getProperty(USERNAME), resolver.getProperty(PASSWORD),
					this.followsUrl ? resolver.getProperty(URL) : null);
		}
		catch (IllegalArgumentException ex) {
			// An unresolvable placeholder: its message names the placeholder, never a
			// value.
			return Optional.empty();
		}
		return credentials.isEmpty() ? Optional.empty() : Optional.of(credentials);
	}

	/**
	 * A credential that the import in force supplies (directly or through a placeholder)
	 * and the new version would no longer supply: the property would then resolve as if
	 * the import were empty (to nothing, a default or another source).
	 */
	@Override
	public Optional<String> lostBy(SecretPropertySource inForce, SecretValue version, Map<String, Object> properties) {
		if (!this.propertySourceNames.contains(inForce.getName())) {
			return Optional.empty();
		}
		PropertyResolver withNew = replacing(inForce.getName(), properties);
		PropertyResolver withoutImport = replacing(inForce.getName(), Map.of());
		return Stream.of(USERNAME, PASSWORD).filter((name) -> {
			String withoutValue = resolve(withoutImport, name);
			return !Objects.equals(resolve(this.environment, name), withoutValue)
					&& Objects.equals(resolve(withNew, name), withoutValue);
		}).findFirst();
	}

	private static @Nullable String resolve(PropertyResolver resolver, String name) {
		try {
			return resolver.getProperty(name);
		}
		catch (IllegalArgumentException ex) {
			// An unresolvable placeholder: it supplies nothing.
			return null;
		}
	}

	@Override
	public String toString() {
		return "spring.datasource properties from secret '" + secretId() + "'";
	}

}
