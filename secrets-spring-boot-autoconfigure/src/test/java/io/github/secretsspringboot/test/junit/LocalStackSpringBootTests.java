package io.github.secretsspringboot.test.junit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented wiring for users with Docker: a LocalStack container, and
 * {@link SecretsManagerTestProperties} pointing the imports at it before the context
 * starts. Skipped, with the reason shown, where there is no Docker engine.
 */
@EnabledIf(value = "dockerAvailable", disabledReason = "No Docker engine: LocalStack wiring test skipped")
@SpringBootTest(classes = LocalStackSpringBootTests.Application.class,
		properties = "spring.config.import=aws-secret:it/localstack/config")
@DirtiesContext
class LocalStackSpringBootTests {

	private static LocalStackContainer localStack;

	private static SecretsManagerTestProperties properties;

	@Autowired
	private Environment environment;

	static boolean dockerAvailable() {
		return DockerClientFactory.instance().isDockerAvailable();
	}

	@BeforeAll
	static void startLocalStack() {
		localStack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4.0"))
			.withServices("secretsmanager");
		localStack.start();
		try (SecretsManagerClient client = SecretsManagerClient.builder()
			.endpointOverride(localStack.getEndpoint())
			.region(Region.of(localStack.getRegion()))
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(localStack.getAccessKey(), localStack.getSecretKey())))
			.httpClientBuilder(UrlConnectionHttpClient.builder())
			.build()) {
			client
				.createSecret((secret) -> secret.name("it/localstack/config").secretString("{\"greeting\":\"hello\"}"));
		}
		properties = SecretsManagerTestProperties.apply(localStack.getEndpoint(), localStack.getRegion());
	}

	@AfterAll
	static void stopLocalStack() {
		if (properties != null) {
			properties.close();
		}
		if (localStack != null) {
			localStack.stop();
		}
	}

	@Test
	void importsComeFromLocalStack() {
		assertThat(this.environment.getProperty("greeting")).isEqualTo("hello");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
