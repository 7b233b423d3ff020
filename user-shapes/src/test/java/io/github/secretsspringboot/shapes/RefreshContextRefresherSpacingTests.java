package io.github.secretsspringboot.shapes;

import java.net.http.HttpResponse;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.refresh.RefreshResult;
import io.github.secretsspringboot.test.rotation.SecretRotations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /actuator/refresh} shortly after a forced refresh of the same secret (here
 * asked for by the application, as a pool's rejected login or
 * {@code POST /actuator/secrets} would), with a rotation in between: the explicit refresh
 * reads what Secrets Manager holds now instead of answering with the earlier result,
 * however long {@code forced-refresh-min-spacing} is.
 */
@ExtendWith(OutputCaptureExtension.class)
@DisabledIfSystemProperty(named = "shapes.classpath", matches = "without-spring-cloud",
		disabledReason = "needs Spring Cloud Context on the classpath")
class RefreshContextRefresherSpacingTests extends PoolTestSupport {

	@Test
	void actuatorRefreshWithinTheSpacingReadsTheRotatedVersion(CapturedOutput output) throws Exception {
		Database database = newDatabase();
		String secretId = "shapes/context-refresh-spacing/db";
		createSecret(secretId, database.rdsSecret());
		try (ConfigurableApplicationContext context = UserApplication.of(App.class).web().file("application.yml", """
				spring.config.import: aws-secret:shapes/context-refresh-spacing/db?format=datasource
				spring.datasource.hikari.maximum-pool-size: 4
				management.endpoints.web.exposure.include: refresh
				aws.secrets.refresh:
				  interval: 1h
				  forced-refresh-min-spacing: 1h
				app.database.password: ${spring.datasource.password}
				""" + awsSecrets()).run()) {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			assertThat(failedQueriesOnNewConnections(dataSource)).isZero();
			// A full pool opens no connection during the rotation: a rejected login would
			// bring the
			// new version through the pool's own forced refresh.
			await().atMost(WAIT).until(() -> dataSource.getHikariPoolMXBean().getTotalConnections() == 4);
			RefreshResult earlier = forceRefresh(context, secretId);
			assertThat(earlier.changed()).as("nothing new before the rotation").isFalse();
			String token = SecretRotations.rotateSingleUser(emulator, secretId);
			await().atMost(WAIT).until(() -> SecretRotations.isDone(emulator, token));
			assertThat(emulator.rotation(token).orElseThrow().isSucceeded()).as("rotation succeeded").isTrue();

			HttpResponse<String> response = RefreshContextRefresherClientsTests.postRefresh(context);

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("spring.datasource.password");
			String current = currentValue(secretId);
			String password = context.getEnvironment().getProperty("spring.datasource.password");
			assertThat(password != null && current.contains("\"" + password + "\""))
				.as("environment on the new version")
				.isTrue();
			assertThat(context.getBean(DatabaseSettings.class).isCurrent(context)).as("settings rebound").isTrue();
			assertThat(generation(context)).as("pool generation").isEqualTo(2);
			assertThat(failedQueriesOnNewConnections(dataSource)).isZero();
		}
		assertThat(output.getAll().contains(CANARY)).as("canary absent from the output").isFalse();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableConfigurationProperties(DatabaseSettings.class)
	static class App {

	}

}
