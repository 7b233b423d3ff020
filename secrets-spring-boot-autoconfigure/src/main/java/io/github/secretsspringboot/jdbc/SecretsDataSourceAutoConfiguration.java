package io.github.secretsspringboot.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.refresh.SecretsRefreshAutoConfiguration;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that keeps HikariCP pools working through the rotation of the secret
 * that holds their credentials: a changed secret gives the pool its new credentials (set
 * atomically, then the pooled connections soft-evicted), and a login rejected while a
 * rotation is under way is recovered from with a forced refresh or the AWSPENDING
 * version's credentials. No restart, no refresh scope.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
@AutoConfiguration(after = SecretsRefreshAutoConfiguration.class)
@ConditionalOnClass({ HikariDataSource.class, DataSourceUnwrapper.class })
@ConditionalOnBooleanProperty(name = { "aws.secrets.hikari.enabled", "aws.secrets.refresh.enabled" },
		matchIfMissing = true)
@EnableConfigurationProperties(SecretsDataSourceProperties.class)
public final class SecretsDataSourceAutoConfiguration {

	@Bean
	static SecretsDataSourceState secretsDataSourceState() {
		return new SecretsDataSourceState();
	}

	@Bean
	static HikariCredentialsPostProcessor secretsHikariCredentialsPostProcessor(
			ObjectProvider<SecretsDataSourceState> state, ObjectProvider<SecretsDataSourceProperties> properties,
			ObjectProvider<SecretsRefresher> refresher, ObjectProvider<SecretsManagerClient> client) {
		// The properties are bound once, as a bean, when the first DataSource is
		// post-processed.
		return new HikariCredentialsPostProcessor(state, properties, new CredentialRecovery(refresher, client));
	}

	@Bean
	static HikariCredentialRotator secretsHikariCredentialRotator(ObjectProvider<SecretsDataSourceState> state) {
		return new HikariCredentialRotator(state.getObject());
	}

}
