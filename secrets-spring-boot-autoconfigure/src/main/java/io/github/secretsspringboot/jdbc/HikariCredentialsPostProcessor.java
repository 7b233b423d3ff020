package io.github.secretsspringboot.jdbc;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import com.zaxxer.hikari.util.PropertyElf;
import com.zaxxer.hikari.util.UtilityElf;
import io.github.secretsspringboot.config.SecretPropertySource;
import io.github.secretsspringboot.config.SecretValue;
import io.github.secretsspringboot.jdbc.SecretsDataSourceProperties.DataSourceSecret;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Finds every {@link HikariDataSource} whose credentials a secret holds, once the bean is
 * configured and before its pool starts, and gives the pool a
 * {@link CredentialsAwareDataSource} to open its physical connections with: one built from
 * the pool's jdbcUrl, driver and data source properties as HikariCP would build it, or
 * wrapping the DataSource (or DataSource class) the pool was given.
 * <p>
 * A pool's credentials come from a secret when the {@code spring.datasource.username} or
 * {@code spring.datasource.password} property came from an {@code aws-secret:} import and
 * the pool was configured with it, or when {@code aws.secrets.datasource.<bean-name>.secret}
 * names the secret.
 *
 * @author secrets-spring-boot
 */
final class HikariCredentialsPostProcessor implements BeanPostProcessor, EnvironmentAware, Ordered,
		SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(HikariCredentialsPostProcessor.class);

	private final ObjectProvider<SecretsDataSourceState> state;

	private final CredentialRecovery recovery;

	private final Set<String> mappedBeans = new LinkedHashSet<>();

	private ConfigurableEnvironment environment;

	private SecretsDataSourceProperties properties;

	HikariCredentialsPostProcessor(ObjectProvider<SecretsDataSourceState> state, CredentialRecovery recovery) {
		this.state = state;
		this.recovery = recovery;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = (ConfigurableEnvironment) environment;
		this.properties = Binder.get(environment)
			.bind(SecretsDataSourceProperties.PREFIX, SecretsDataSourceProperties.class)
			.orElseGet(SecretsDataSourceProperties::new);
	}

	@Override
	public int getOrder() {
		// After every other post-processor has configured the pool.
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof DataSource dataSource)) {
			return bean;
		}
		HikariDataSource hikari = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class,
				HikariDataSource.class);
		if (hikari == null) {
			return bean;
		}
		SecretsDataSourceState pools = this.state.getObject();
		if (pools.isRegistered(hikari)) {
			return bean;
		}
		RotatingPool pool = bind(beanName, hikari);
		if (pool != null) {
			install(pool);
			pools.register(pool);
		}
		return bean;
	}

	private RotatingPool bind(String beanName, HikariDataSource hikari) {
		Optional<String> mapped = mappedSecret(beanName);
		if (hikari.getCredentialsProvider() != null) {
			if (mapped.isPresent()) {
				logger.warn("DataSource '" + beanName + "' has a HikariCredentialsProvider, which supplies its "
						+ "credentials: aws.secrets.datasource." + beanName + ".secret is ignored");
			}
			return null;
		}
		DatabaseKind kind = databaseKind(hikari);
		if (mapped.isPresent()) {
			this.mappedBeans.add(normalize(beanName));
			SecretPropertySource source = importOf(mapped.get())
				.orElseThrow(() -> new IllegalStateException("aws.secrets.datasource." + beanName + ".secret names '"
						+ mapped.get() + "', which no aws-secret: import loads; import it (spring.config.import="
						+ "aws-secret:" + mapped.get() + ") so that its changes are followed"));
			SecretJsonCredentialSource credentials = new SecretJsonCredentialSource(source,
					this.environment.getPropertySources());
			if (!source.isLoaded()) {
				// An optional secret not loaded yet: the pool takes its credentials once it is.
				logger.warn("DataSource '" + beanName + "' follows secret '" + mapped.get() + "', which could not "
						+ "be loaded: it opens connections with its own credentials until the secret is loaded");
				DatabaseCredentials own = DatabaseCredentials.of(hikari.getCredentials());
				return new RotatingPool(beanName, hikari, credentials, kind, budget(), own);
			}
			DatabaseCredentials initial = credentials.current()
				.orElseThrow(() -> new IllegalStateException("Secret '" + mapped.get() + "', which aws.secrets."
						+ "datasource." + beanName + ".secret names, is not a JSON object with a 'password' key "
						+ "(and a 'username' key) as RDS secrets are"));
			initial = initial.orElse(DatabaseCredentials.of(hikari.getCredentials()));
			hikari.getHikariConfigMXBean().setCredentials(initial.toHikari());
			return new RotatingPool(beanName, hikari, credentials, kind, budget(), initial);
		}
		SecretPropertySource username = secretSourceOf(PropertyCredentialSource.USERNAME);
		SecretPropertySource password = secretSourceOf(PropertyCredentialSource.PASSWORD);
		if (username == null && password == null) {
			return null;
		}
		// Only a pool configured with these properties: not one that merely shares the context.
		if ((username != null
				&& !Objects.equals(this.environment.getProperty(PropertyCredentialSource.USERNAME), hikari.getUsername()))
				|| (password != null && !Objects.equals(this.environment.getProperty(PropertyCredentialSource.PASSWORD),
						hikari.getPassword()))) {
			logger.debug("DataSource '" + beanName + "' is not configured with the spring.datasource credentials "
					+ "that came from a secret; map it with aws.secrets.datasource." + beanName + ".secret if a "
					+ "secret holds its credentials");
			return null;
		}
		SecretPropertySource primary = (password != null) ? password : username;
		Set<String> names = new LinkedHashSet<>();
		if (username != null) {
			names.add(username.getName());
		}
		if (password != null) {
			names.add(password.getName());
		}
		PropertyCredentialSource credentials = new PropertyCredentialSource(this.environment,
				primary.getSecretImport(), names);
		return new RotatingPool(beanName, hikari, credentials, kind, budget(),
				DatabaseCredentials.of(hikari.getCredentials()));
	}

	/** Gives a pool that has not started the DataSource it opens connections with. */
	private void install(RotatingPool pool) {
		HikariDataSource hikari = pool.hikari();
		String beanName = pool.beanName();
		if (hikari.isClosed() || hikari.getHikariPoolMXBean() != null) {
			logger.info("DataSource '" + beanName + "' started its pool before it could be prepared for rotation: "
					+ "it will take new credentials when " + pool.source() + " changes, but a login rejected "
					+ "during a rotation is not recovered from. Create it with HikariDataSource's no-argument "
					+ "constructor (as Spring Boot does) so that the pool starts on first use.");
			return;
		}
		Supplier<DataSource> target = target(hikari);
		if (target == null) {
			logger.info("DataSource '" + beanName + "' looks its DataSource up in JNDI: it will take new credentials "
					+ "when " + pool.source() + " changes, but a login rejected during a rotation is not recovered "
					+ "from");
			return;
		}
		String className = hikari.getDataSourceClassName();
		hikari.setDataSource(new CredentialsAwareDataSource(pool, this.recovery, target));
		if (className != null) {
			hikari.setDataSourceClassName(null);
		}
		pool.connectionCreationWrapped();
		logger.debug("DataSource '" + beanName + "' opens connections with the credentials of " + pool.source());
	}

	/** The DataSource HikariCP would open connections with, created on first use as it would be. */
	private static Supplier<DataSource> target(HikariDataSource hikari) {
		DataSource given = hikari.getDataSource();
		if (given != null) {
			return () -> given;
		}
		Properties properties = hikari.getDataSourceProperties();
		String className = hikari.getDataSourceClassName();
		if (className != null) {
			return () -> {
				DataSource created = UtilityElf.createInstance(className, DataSource.class);
				PropertyElf.setTargetFromProperties(created, properties);
				return created;
			};
		}
		String jdbcUrl = hikari.getJdbcUrl();
		if (jdbcUrl != null) {
			String driverClassName = hikari.getDriverClassName();
			return () -> new DriverDataSource(jdbcUrl, driverClassName, properties, null, null);
		}
		return null;
	}

	private static DatabaseKind databaseKind(HikariDataSource hikari) {
		for (String hint : new String[] { hikari.getJdbcUrl(), hikari.getDriverClassName(),
				hikari.getDataSourceClassName(),
				(hikari.getDataSource() != null) ? hikari.getDataSource().getClass().getName() : null }) {
			DatabaseKind kind = DatabaseKind.of(hint);
			if (kind != DatabaseKind.OTHER) {
				return kind;
			}
		}
		return DatabaseKind.OTHER;
	}

	private java.time.Duration budget() {
		return this.properties.getHikari().getAuthRetryBudget();
	}

	private Optional<String> mappedSecret(String beanName) {
		String wanted = normalize(beanName);
		for (Map.Entry<String, DataSourceSecret> entry : this.properties.getDatasource().entrySet()) {
			if (normalize(entry.getKey()).equals(wanted) && entry.getValue().getSecret() != null
					&& !entry.getValue().getSecret().isBlank()) {
				return Optional.of(entry.getValue().getSecret().strip());
			}
		}
		return Optional.empty();
	}

	/** Bean names as relaxed binding may have turned them: case and dashes ignored. */
	private static String normalize(String name) {
		return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

	/** The import of {@code secretId} with the highest precedence. */
	private Optional<SecretPropertySource> importOf(String secretId) {
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (source instanceof SecretPropertySource secretSource && isNamedBy(secretSource, secretId)) {
				return Optional.of(secretSource);
			}
		}
		return Optional.empty();
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

	/**
	 * The import that supplies {@code name}, as binding resolves it (first property source
	 * that has it, relaxed names included), or {@code null} when another source supplies it.
	 */
	private SecretPropertySource secretSourceOf(String name) {
		ConfigurationPropertyName property = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty value = source.getConfigurationProperty(property);
			if (value != null) {
				return (source.getUnderlyingSource() instanceof SecretPropertySource secretSource) ? secretSource : null;
			}
		}
		return null;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String beanName : this.properties.getDatasource().keySet()) {
			if (!this.mappedBeans.contains(normalize(beanName))) {
				logger.warn("aws.secrets.datasource." + beanName + ".secret names no HikariDataSource bean: no "
						+ "DataSource will follow that secret");
			}
		}
	}

}
