package io.github.secretsspringboot.test.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
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

/**
 * The same conformance scenarios against LocalStack in a container, so that the emulator is
 * checked against a third-party implementation wherever a Docker engine exists. Skipped, with
 * the reason shown, where there is none.
 */
@EnabledIf(value = "dockerAvailable", disabledReason = "No Docker engine: LocalStack conformance run skipped")
class LocalStackConformanceTests {

	/** The last community release line that starts without an account token. */
	static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4.0");

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

	@Nested
	class CreateAndGetSecret extends CreateAndGetSecretConformance {

		@Override
		protected ConformanceTarget target() {
			return TARGET;
		}

	}

	@Nested
	class GetSecretValue extends GetSecretValueConformance {

		@Override
		protected ConformanceTarget target() {
			return TARGET;
		}

	}

	@Nested
	class PutSecretValue extends PutSecretValueConformance {

		@Override
		protected ConformanceTarget target() {
			return TARGET;
		}

	}

	@Nested
	class UpdateSecret extends UpdateSecretConformance {

		@Override
		protected ConformanceTarget target() {
			return TARGET;
		}

	}

	@Nested
	class UpdateSecretVersionStage extends UpdateSecretVersionStageConformance {

		@Override
		protected ConformanceTarget target() {
			return TARGET;
		}

	}

	@Nested
	class DescribeSecret extends DescribeSecretConformance {

		@Override
		protected ConformanceTarget target() {
			return TARGET;
		}

	}

	@Nested
	class ListSecretVersionIds extends ListSecretVersionIdsConformance {

		@Override
		protected ConformanceTarget target() {
			return TARGET;
		}

	}

	@Nested
	class DeleteAndRestoreSecret extends DeleteAndRestoreSecretConformance {

		@Override
		protected ConformanceTarget target() {
			return TARGET;
		}

	}

	@Nested
	class TagResource extends TagResourceConformance {

		@Override
		protected ConformanceTarget target() {
			return TARGET;
		}

	}

	@Nested
	class BatchGetSecretValue extends BatchGetSecretValueConformance {

		@Override
		protected ConformanceTarget target() {
			return TARGET;
		}

		@Override
		@Test
		@Disabled("LocalStack hands BatchGetSecretValue to moto, which does not enforce the limit of 20 ids")
		void moreThanTwentyIdsIsRejected() {
		}

	}

	@Nested
	class ListSecrets extends ListSecretsConformance {

		@Override
		protected ConformanceTarget target() {
			return TARGET;
		}

		@Override
		@Test
		@Disabled("LocalStack hands ListSecrets to moto, which ignores SortOrder")
		void sortOrderOrdersByCreationDate() {
		}

		@Override
		@Test
		@Disabled("LocalStack hands ListSecrets to moto, which ignores SortBy")
		void sortByNameOrdersByName() {
		}

	}

}
