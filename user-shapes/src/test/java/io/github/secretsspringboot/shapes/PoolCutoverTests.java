package io.github.secretsspringboot.shapes;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.test.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code format=datasource} secret whose new version names another server and database
 * (a cutover): the pool's new connections go to the database the secret now names, with
 * its new credentials, and not one query fails.
 */
@ExtendWith(OutputCaptureExtension.class)
class PoolCutoverTests extends PoolTestSupport {

	static EmbeddedPostgresServer target;

	@BeforeAll
	static void startTarget() {
		target = EmbeddedPostgresServer.start();
	}

	@AfterAll
	static void stopTarget() {
		target.close();
	}

	@Test
	void poolFollowsTheSecretToAnotherServer(CapturedOutput output) throws Exception {
		Database database = newDatabaseWithSecret();
		String newPassword = CANARY + "-Cutover-Pa55";
		target.createDatabaseWithOwner("pool_cutover", database.username(), newPassword);
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).file("application.yml", """
				spring.config.import: aws-secret:%s?format=datasource
				""".formatted(database.secretId()) + pooledAwsSecrets()).run()) {
			HikariDataSource hikari = context.getBean(HikariDataSource.class);
			assertThat(query(hikari, "SELECT current_database()")).isEqualTo(database.name());
			emulator.client()
				.putSecretValue((version) -> version.secretId(database.secretId())
					.secretString(target.rdsSecret("pool_cutover", database.username(), newPassword)));
			assertThat(failedQueriesWithNewConnections(hikari, newPassword)).isZero();
			assertThat(query(hikari, "SELECT current_database()")).isEqualTo("pool_cutover");
			assertThat(query(hikari, "SELECT inet_server_port()")).isEqualTo(String.valueOf(target.port()));
			assertThat(output.getOut()
				.contains("DataSource 'dataSource' opens its new connections to the database URL that "
						+ "spring.datasource properties from secret '" + database.secretId() + "' now holds"))
				.as("cutover logged")
				.isTrue();
			assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
