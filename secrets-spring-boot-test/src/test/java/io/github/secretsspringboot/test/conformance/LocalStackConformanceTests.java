package io.github.secretsspringboot.test.conformance;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The same conformance scenarios against LocalStack in a container, so that the emulator
 * is checked against a third-party implementation wherever a Docker engine exists.
 * Skipped, with the reason shown, where there is none.
 */
@EnabledIf(value = "dockerAvailable", disabledReason = "No Docker engine: LocalStack conformance run skipped")
class LocalStackConformanceTests extends ConformanceSuite {

	/** The last community release line that starts without an account token. */
	static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4.0");

	/**
	 * Scenarios LocalStack fails where it hands an operation to moto, by scenario class
	 * and method, with the reason a skipped scenario shows.
	 */
	private static final Map<String, String> KNOWN_DEVIATIONS = Map.of(
			"BatchGetSecretValueConformance.moreThanTwentyIdsIsRejected",
			"LocalStack hands BatchGetSecretValue to moto, which does not enforce the limit of 20 ids",
			"ListSecretsConformance.sortOrderOrdersByCreationDate",
			"LocalStack hands ListSecrets to moto, which ignores SortOrder",
			"ListSecretsConformance.sortByNameOrdersByName",
			"LocalStack hands ListSecrets to moto, which ignores SortBy");

	@RegisterExtension
	static final ExecutionCondition knownDeviations = (context) -> context.getTestMethod()
		.map((method) -> KNOWN_DEVIATIONS.get(method.getDeclaringClass().getSimpleName() + "." + method.getName()))
		.map(ConditionEvaluationResult::disabled)
		.orElseGet(() -> ConditionEvaluationResult.enabled("Not a known deviation of LocalStack"));

	private static LocalStackContainer localStack;

	private static SecretsManagerClient client;

	private static final ConformanceTarget TARGET = new ConformanceTarget() {

		@Override
		public SecretsManagerClient client() {
			return client;
		}

		@Override
		public String region() {
			return localStack.getRegion();
		}

		@Override
		public String accountId() {
			return "000000000000";
		}

	};

	static boolean dockerAvailable() {
		return DockerClientFactory.instance().isDockerAvailable();
	}

	@BeforeAll
	static void startLocalStack() {
		localStack = new LocalStackContainer(IMAGE).withServices("secretsmanager");
		localStack.start();
		client = SecretsManagerClient.builder()
			.endpointOverride(localStack.getEndpoint())
			.region(Region.of(localStack.getRegion()))
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(localStack.getAccessKey(), localStack.getSecretKey())))
			.httpClientBuilder(UrlConnectionHttpClient.builder())
			.build();
	}

	@AfterAll
	static void stopLocalStack() {
		if (client != null) {
			client.close();
		}
		if (localStack != null) {
			localStack.stop();
		}
	}

	@Override
	protected ConformanceTarget target() {
		return TARGET;
	}

}
