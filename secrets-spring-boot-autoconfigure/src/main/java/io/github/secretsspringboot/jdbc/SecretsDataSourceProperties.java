package io.github.secretsspringboot.jdbc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Configuration of HikariCP pools whose credentials a secret holds.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@ConfigurationProperties(SecretsDataSourceProperties.PREFIX)
public class SecretsDataSourceProperties {

	static final String PREFIX = "aws.secrets";

	/**
	 * DataSource beans, by bean name, whose credentials a secret holds although they are
	 * not configured from spring.datasource properties that came from a secret (a second
	 * DataSource, for example).
	 */
	private final Map<String, DataSourceSecret> datasource = new LinkedHashMap<>();

	private final Hikari hikari = new Hikari();

	public Map<String, DataSourceSecret> getDatasource() {
		return this.datasource;
	}

	public Hikari getHikari() {
		return this.hikari;
	}

	/**
	 * The secret that holds one DataSource's credentials.
	 */
	public static class DataSourceSecret {

		/**
		 * Secret holding the DataSource's credentials, as a name, ARN or partial ARN. It
		 * must be imported with aws-secret: (with any options) and hold a JSON object
		 * with 'username' and 'password' keys, as RDS secrets and the AWS rotation
		 * functions do.
		 */
		private @Nullable String secret;

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

	}

	/**
	 * How HikariCP pools follow the rotation of their secret.
	 */
	public static class Hikari {

		/**
		 * Whether HikariCP pools whose credentials come from a secret take new
		 * credentials when the secret changes, and recover when the database rejects
		 * their credentials.
		 */
		private boolean enabled = true;

		/**
		 * Longest time one new connection spends recovering from rejected credentials
		 * (forced refresh, AWSPENDING credentials, retries), before the database's error
		 * is passed on. At most half the pool's connectionTimeout is used.
		 */
		private Duration authRetryBudget = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getAuthRetryBudget() {
			return this.authRetryBudget;
		}

		public void setAuthRetryBudget(Duration authRetryBudget) {
			Assert.isTrue(authRetryBudget != null && !authRetryBudget.isNegative(),
					"auth-retry-budget must not be negative");
			this.authRetryBudget = authRetryBudget;
		}

	}

}
