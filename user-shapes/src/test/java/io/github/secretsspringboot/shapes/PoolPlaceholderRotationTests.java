package io.github.secretsspringboot.shapes;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.test.emulator.RotationStep;
import io.github.secretsspringboot.test.rotation.PostgresSingleUserRotationFunction;
import io.github.secretsspringboot.test.rotation.SecretRotations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pool configured with {@code spring.datasource.username: ${db.username}} and
 * {@code spring.datasource.password: ${db.password}}, the secret imported with a prefix,
 * as most applications (and every one migrating from Spring Cloud AWS) write it: the pool
 * follows a single-user rotation, and opens new connections after it without one failure.
 */
@ExtendWith(OutputCaptureExtension.class)
class PoolPlaceholderRotationTests extends PoolTestSupport {

	@Test
	void placeholdersInApplicationYml(CapturedOutput output) throws Exception {
		Database database = newDatabaseWithSecret();
		UserApplication application = UserApplication.of(App.class).file("application.yml", """
				spring.config.import: aws-secret:%s?prefix=db
				spring.datasource:
				  url: %s
				  username: ${db.username}
				  password: ${db.password}
				""".formatted(database.secretId(), database.jdbcUrl()) + pooledAwsSecrets());
		assertFollowsRotation(application, database, output);
	}

	@Test
	void placeholdersInAProfileSpecificFile(CapturedOutput output) throws Exception {
		Database database = newDatabaseWithSecret();
		UserApplication application = UserApplication.of(App.class).file("application.yml", """
				spring.datasource:
				  url: %s
				  username: local
				  password: local
				""".formatted(database.jdbcUrl()) + pooledAwsSecrets()).file("application-dev.yml", """
				spring.config.import: aws-secret:%s?prefix=db
				spring.datasource:
				  username: ${db.username}
				  password: ${db.password}
				""".formatted(database.secretId())).profiles("dev");
		assertFollowsRotation(application, database, output);
	}

	@Test
	void nestedPlaceholders(CapturedOutput output) throws Exception {
		Database database = newDatabaseWithSecret();
		UserApplication application = UserApplication.of(App.class).file("application.yml", """
				spring.config.import: aws-secret:%s?prefix=secrets.orders
				orders.db:
				  user: ${secrets.orders.username}
				  password: ${secrets.orders.password}
				spring.datasource:
				  url: %s
				  username: ${orders.db.user}
				  password: ${orders.db.password}
				""".formatted(database.secretId(), database.jdbcUrl()) + pooledAwsSecrets());
		assertFollowsRotation(application, database, output);
	}

	@Test
	void placeholdersWithDefaults(CapturedOutput output) throws Exception {
		Database database = newDatabaseWithSecret();
		UserApplication application = UserApplication.of(App.class).file("application.yml", """
				spring.config.import: aws-secret:%s?prefix=db
				spring.datasource:
				  url: %s
				  username: ${db.username:local}
				  password: ${db.password:local}
				""".formatted(database.secretId(), database.jdbcUrl()) + pooledAwsSecrets());
		assertFollowsRotation(application, database, output);
	}

	@Test
	void placeholdersThroughTheRotationWindow(CapturedOutput output) throws Exception {
		Database database = newDatabaseWithSecret();
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).file("application.yml", """
				spring.config.import: aws-secret:%s?prefix=db
				spring.datasource:
				  url: %s
				  username: ${db.username}
				  password: ${db.password}
				""".formatted(database.secretId(), database.jdbcUrl()) + pooledAwsSecrets()).run()) {
			HikariDataSource hikari = context.getBean(HikariDataSource.class);
			assertThat(query(hikari, "SELECT 1")).isEqualTo("1");
			PoolGatedRotation rotation = new PoolGatedRotation(new PostgresSingleUserRotationFunction());
			String token = SecretRotations.rotate(emulator, database.secretId(), rotation);
			try {
				await().atMost(WAIT)
					.until(() -> emulator.rotation(token).orElseThrow(),
							(outcome) -> outcome.completedSteps().contains(RotationStep.TEST_SECRET));
				// The database takes only the AWSPENDING password now: every new
				// connection needs it.
				hikari.getHikariPoolMXBean().softEvictConnections();
				assertThat(failedQueries(hikari, "SELECT 1", 4, 25)).isZero();
			}
			finally {
				rotation.finish();
			}
			await().atMost(WAIT).until(() -> SecretRotations.isDone(emulator, token));
			String newPassword = currentSecret(database.secretId()).password();
			assertThat(failedQueriesWithNewConnections(hikari, newPassword)).isZero();
			assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
		}
	}

	@Test
	void passwordCopiedByHandIsWarnedAbout(CapturedOutput output) {
		Database database = newDatabaseWithSecret();
		try (ConfigurableApplicationContext context = UserApplication.of(App.class)
			.file("application.yml",
					"""
							spring.config.import: aws-secret:%s?prefix=db
							spring.datasource:
							  url: %s
							  username: %s
							  password: %s
							""".formatted(database.secretId(), database.jdbcUrl(), database.username(),
							database.password()) + pooledAwsSecrets())
			.run()) {
			assertThat(query(context.getBean(HikariDataSource.class), "SELECT 1")).isEqualTo("1");
			String warning = "DataSource 'dataSource' will not follow the rotations of secret '" + database.secretId()
					+ "'";
			assertThat(output.getOut().contains(warning)).as("warning naming the bean and the secret").isTrue();
			assertThat(output.getOut().contains("Set aws.secrets.datasource.dataSource.secret=" + database.secretId()))
				.as("warning saying what to do")
				.isTrue();
			assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
		}
	}

	private void assertFollowsRotation(UserApplication application, Database database, CapturedOutput output)
			throws Exception {
		try (ConfigurableApplicationContext context = application.run()) {
			HikariDataSource hikari = context.getBean(HikariDataSource.class);
			assertThat(query(hikari, "SELECT current_user")).isEqualTo(database.username());
			String newPassword = rotateSingleUser(database);
			assertThat(failedQueriesWithNewConnections(hikari, newPassword)).isZero();
			assertThat(query(hikari, "SELECT current_user")).isEqualTo(database.username());
			assertThat(output.getOut().contains("will not follow")).as("warning of a pool not following").isFalse();
			assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
