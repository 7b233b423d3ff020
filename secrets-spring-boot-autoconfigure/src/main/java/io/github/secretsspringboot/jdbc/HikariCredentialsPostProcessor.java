package io.github.secretsspringboot.jdbc;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.core.SecretPropertySource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Finds every {@link HikariDataSource} whose credentials a secret holds, once the bean is
 * configured and before its pool starts, and gives the pool a
 * {@link CredentialsAwareDataSource} to open its physical connections with: one built
 * from the pool's jdbcUrl, driver and data source properties as HikariCP would build it,
 * or wrapping the DataSource (or DataSource class) the pool was given.
 * <p>
 * A pool's credentials come from a secret when the {@code spring.datasource.username} or
 * {@code spring.datasource.password} property came from an {@code aws-secret:} import and
 * the pool was configured with it, or when
 * {@code aws.secrets.datasource.<bean-name>.secret} names the secret.
 *
 * @author secrets-spring-boot
 */
final class HikariCredentialsPostProcessor
		implements BeanPostProcessor, EnvironmentAware, Ordered, SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(HikariCredentialsPostProcessor.class);

	private final ObjectProvider<SecretsDataSourceState> state;

	private final ObjectProvider<SecretsDataSourceProperties> properties;

	private final CredentialRecovery recovery;

	private final HikariThreadingCheck threadingCheck;

	private boolean threadingChecked;

	private @Nullable MappedSecrets mappedSecrets;

	private final Set<String> unfollowedPools = new LinkedHashSet<>();

	// Set by the container before any bean is processed.
	@SuppressWarnings("NullAway.Init")
	private ConfigurableEnvironment environment;

	HikariCredentialsPostProcessor(ObjectProvider<SecretsDataSourceState> state,
			ObjectProvider<SecretsDataSourceProperties> properties, CredentialRecovery recovery) {
		this(state, properties, recovery, new HikariThreadingCheck());
	}

	HikariCredentialsPostProcessor(ObjectProvider<SecretsDataSourceState> state,
			ObjectProvider<SecretsDataSourceProperties> properties, CredentialRecovery recovery,
			HikariThreadingCheck threadingCheck) {
		this.state = state;
		this.properties = properties;
		this.recovery = recovery;
		this.threadingCheck = threadingCheck;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = (ConfigurableEnvironment) environment;
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
			warnIfNotHikari(beanName, dataSource);
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

	private @Nullable RotatingPool bind(String beanName, HikariDataSource hikari) {
		Optional<String> mapped = mappedSecrets().secretOf(beanName);
		if (hikari.getCredentialsProvider() != null) {
			if (mapped.isPresent()) {
				logger.warn("DataSource '" + beanName + "' has a HikariCredentialsProvider, which supplies its "
						+ "credentials: aws.secrets.datasource." + beanName + ".secret is ignored");
			}
			return null;
		}
		DatabaseKind kind = databaseKind(hikari);
		if (mapped.isPresent()) {
			mappedSecrets().followed(beanName);
			SecretPropertySource source = mappedSecrets().importOf(mapped.get())
				.orElseThrow(() -> new IllegalStateException("aws.secrets.datasource." + beanName + ".secret names '"
						+ mapped.get() + "', which no aws-secret: import loads; import it (spring.config.import="
						+ "aws-secret:" + mapped.get() + ") so that its changes are followed"));
			SecretJsonCredentialSource credentials = new SecretJsonCredentialSource(source,
					this.environment.getPropertySources());
			if (!source.isLoaded()) {
				// An optional secret not loaded yet: the pool takes its credentials once
				// it is.
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
		SecretReferences references = new SecretReferences(this.environment);
		Set<SecretPropertySource> username = references.of(PropertyCredentialSource.USERNAME);
		Set<SecretPropertySource> password = references.of(PropertyCredentialSource.PASSWORD);
		if (username.isEmpty() && password.isEmpty()) {
			warnIfCopied(beanName, hikari, references);
			return null;
		}
		// Only a pool configured with these properties: not one that merely shares the
		// context.
		if ((!username.isEmpty() && !Objects.equals(this.environment.getProperty(PropertyCredentialSource.USERNAME),
				hikari.getUsername()))
				|| (!password.isEmpty() && !Objects
					.equals(this.environment.getProperty(PropertyCredentialSource.PASSWORD), hikari.getPassword()))) {
			logger.debug("DataSource '" + beanName + "' is not configured with the spring.datasource credentials "
					+ "that came from a secret; map it with aws.secrets.datasource." + beanName + ".secret if a "
					+ "secret holds its credentials");
			warnIfCopied(beanName, hikari, references);
			return null;
		}
		if (username.size() > 1 || password.size() > 1) {
			Set<SecretPropertySource> all = new LinkedHashSet<>(password);
			all.addAll(username);
			warnNotFollowed(beanName, all.iterator().next(),
					"its spring.datasource username or password is made of the values of more than one secret");
			return null;
		}
		SecretPropertySource primary = (!password.isEmpty()) ? password.iterator().next() : username.iterator().next();
		Set<String> names = new LinkedHashSet<>();
		username.forEach((source) -> names.add(source.getName()));
		password.forEach((source) -> names.add(source.getName()));
		Set<SecretPropertySource> url = references.of(PropertyCredentialSource.URL);
		PropertyCredentialSource credentials = new PropertyCredentialSource(this.environment, primary, names,
				followsUrl(hikari, url, primary));
		if (url.contains(primary) && !credentials.followsUrl()) {
			logger.warn("DataSource '" + beanName + "' takes its credentials from secret '"
					+ primary.getSecretImport().getSecretId() + "' but does not connect to the spring.datasource.url "
					+ "it holds: if a new version names another host, port or database, the new credentials are "
					+ "sent to the database it started with. Let Spring Boot build the pool from "
					+ "spring.datasource.url, or restart the application after such a change");
		}
		DatabaseCredentials initial = DatabaseCredentials.of(hikari.getCredentials());
		if (credentials.followsUrl()) {
			initial = initial.withUrl(hikari.getJdbcUrl());
		}
		return new RotatingPool(beanName, hikari, credentials, kind, budget(), initial);
	}

	/**
	 * Whether the pool connects to the spring.datasource.url the secret supplies: new
	 * connections then go where a new version of the secret says (a cutover to another
	 * host or database). Only for a pool that opens connections from its jdbcUrl.
	 */
	private boolean followsUrl(HikariDataSource hikari, Set<SecretPropertySource> url, SecretPropertySource primary) {
		return url.size() == 1 && url.contains(primary) && hikari.getDataSource() == null
				&& hikari.getDataSourceClassName() == null && hikari.getJdbcUrl() != null
				&& hikari.getJdbcUrl().equals(this.environment.getProperty(PropertyCredentialSource.URL));
	}

	/**
	 * Warns about a pool configured with a password a secret holds, but not through
	 * properties that can be followed to it (a value copied by hand, a property of
	 * another name).
	 */
	private void warnIfCopied(String beanName, HikariDataSource hikari, SecretReferences references) {
		Set<SecretPropertySource> holding = references.holding(hikari.getPassword());
		if (!holding.isEmpty()) {
			warnNotFollowed(beanName, holding.iterator().next(),
					"its password is the one the secret holds, but is not configured from the secret's properties");
		}
	}

	private void warnNotFollowed(String beanName, SecretPropertySource secret, String why) {
		String secretId = secret.getSecretImport().getSecretId();
		logger.warn("DataSource '" + beanName + "' will not follow the rotations of secret '" + secretId + "': " + why
				+ ". Set aws.secrets.datasource." + beanName + ".secret=" + secretId + " so that it takes the "
				+ "secret's username and password whenever it changes, or configure spring.datasource.username "
				+ "and spring.datasource.password as placeholders of the secret's keys");
	}

	/**
	 * Warns, once per bean, about a DataSource other than HikariCP configured with a
	 * password a secret holds: it keeps the credentials it was built with.
	 */
	private void warnIfNotHikari(String beanName, DataSource dataSource) {
		if (!this.unfollowedPools.add(beanName)) {
			return;
		}
		SecretReferences references = new SecretReferences(this.environment);
		Set<SecretPropertySource> holding = references.holding(readablePassword(dataSource));
		if (holding.isEmpty()
				&& dataSource.getClass().getName().equals(this.environment.getProperty("spring.datasource.type"))) {
			// A pool that does not tell its password, built by Spring Boot from the
			// properties.
			holding = references.of(PropertyCredentialSource.PASSWORD);
		}
		if (holding.isEmpty()) {
			return;
		}
		String secretId = holding.iterator().next().getSecretImport().getSecretId();
		logger.warn("DataSource '" + beanName + "' (" + dataSource.getClass().getName() + ") is configured with "
				+ "credentials from secret '" + secretId + "', but only HikariCP pools follow a secret's rotations: "
				+ "it keeps the credentials it was built with, and its new connections will fail once the secret "
				+ "is rotated. Use HikariCP (Spring Boot's default pool: remove spring.datasource.type), or restart "
				+ "the application after each rotation (or recreate the DataSource with @RefreshScope)");
	}

	private static @Nullable String readablePassword(DataSource dataSource) {
		try {
			BeanWrapper bean = new BeanWrapperImpl(dataSource);
			return bean.isReadableProperty("password") && bean.getPropertyValue("password") instanceof String text
					? text : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
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
		Supplier<DataSource> target = ConnectionTargets.target(beanName, hikari);
		if (target == null) {
			logger.info("DataSource '" + beanName + "' looks its DataSource up in JNDI: it will take new credentials "
					+ "when " + pool.source() + " changes, but a login rejected during a rotation is not recovered "
					+ "from");
			return;
		}
		checkThreading();
		String className = hikari.getDataSourceClassName();
		hikari.setDataSource(
				new CredentialsAwareDataSource(pool, this.recovery, target, ConnectionTargets.targetForUrl(hikari)));
		if (className != null) {
			hikari.setDataSourceClassName(null);
		}
		pool.connectionCreationWrapped();
		logger.debug("DataSource '" + beanName + "' opens connections with the credentials of " + pool.source());
	}

	/**
	 * Checks HikariCP's threading once, before the first pool relies on it.
	 */
	private void checkThreading() {
		if (!this.threadingChecked) {
			this.threadingCheck.check();
			this.threadingChecked = true;
		}
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
		return this.properties.getObject().getHikari().getAuthRetryBudget();
	}

	@Override
	public void afterSingletonsInstantiated() {
		mappedSecrets().warnAboutUnusedMappings();
	}

	private MappedSecrets mappedSecrets() {
		MappedSecrets mappedSecrets = this.mappedSecrets;
		if (mappedSecrets == null) {
			mappedSecrets = new MappedSecrets(this.properties.getObject(), this.environment);
			this.mappedSecrets = mappedSecrets;
		}
		return mappedSecrets;
	}

}
