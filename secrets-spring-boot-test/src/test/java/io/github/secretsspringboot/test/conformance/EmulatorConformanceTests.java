package io.github.secretsspringboot.test.conformance;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Every conformance scenario against the project's emulator, driven by the real SDK client. */
class EmulatorConformanceTests {

	private static SecretsManagerEmulator emulator;

	private static final ConformanceTarget TARGET = new ConformanceTarget() {

		@Override
		public SecretsManagerClient client() {
			return emulator.client();
		}

		@Override
		public String region() {
			return emulator.region();
		}

		@Override
		public String accountId() {
			return emulator.accountId();
		}

	};

	@BeforeAll
	static void startEmulator() {
		emulator = SecretsManagerEmulator.start();
	}

	@AfterAll
	static void stopEmulator() {
		emulator.close();
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

	}

	@Nested
	class ListSecrets extends ListSecretsConformance {

		@Override
		protected ConformanceTarget target() {
			return TARGET;
		}

	}

}
