package io.github.secretsspringboot.jdbc;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.core.SecretValue;
import io.github.secretsspringboot.jdbc.SecretsDataSourceProperties.DataSourceSecret;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * The secrets that {@code aws.secrets.datasource.<bean-name>.secret} maps DataSource
 * beans to, and the imports that load them. Remembers which mappings found their bean, to
 * warn about those that did not.
 *
 * @author secrets-spring-boot
 */
final class MappedSecrets {

	private static final Log logger = LogFactory.getLog(MappedSecrets.class);

	private final SecretsDataSourceProperties properties;

	private final ConfigurableEnvironment environment;

	private final Set<String> mappedBeans = new LinkedHashSet<>();

	MappedSecrets(SecretsDataSourceProperties properties, ConfigurableEnvironment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	/** The secret that {@code beanName} is mapped to, if any. */
	Optional<String> secretOf(String beanName) {
		String wanted = normalize(beanName);
		for (Map.Entry<String, DataSourceSecret> entry : this.properties.getDatasource().entrySet()) {
			if (normalize(entry.getKey()).equals(wanted) && entry.getValue().getSecret() != null
					&& !entry.getValue().getSecret().isBlank()) {
				return Optional.of(entry.getValue().getSecret().strip());
			}
		}
		return Optional.empty();
	}

	/** {@code beanName} follows the secret it is mapped to. */
	void followed(String beanName) {
		this.mappedBeans.add(normalize(beanName));
	}

	/** The import of {@code secretId} with the highest precedence. */
	Optional<SecretPropertySource> importOf(String secretId) {
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (source instanceof SecretPropertySource secretSource && isNamedBy(secretSource, secretId)) {
				return Optional.of(secretSource);
			}
		}
		return Optional.empty();
	}

	/** Warns about every mapping whose bean was not found. */
	void warnAboutUnusedMappings() {
		for (String beanName : this.properties.getDatasource().keySet()) {
			if (!this.mappedBeans.contains(normalize(beanName))) {
				logger.warn("aws.secrets.datasource." + beanName + ".secret names no HikariDataSource bean: no "
						+ "DataSource will follow that secret");
			}
		}
	}

	/** Bean names as relaxed binding may have turned them: case and dashes ignored. */
	private static String normalize(String name) {
		return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

	private static boolean isNamedBy(SecretPropertySource source, String id) {
		SecretValue version = source.getVersion();
		if (version == null) {
			return id.equals(source.getSecretImport().getSecretId());
		}
		String arn = version.arn();
		return id.equals(source.getSecretImport().getSecretId()) || id.equals(version.name()) || id.equals(arn)
				|| (arn != null && arn.length() == id.length() + 7 && arn.startsWith(id));
	}

}
