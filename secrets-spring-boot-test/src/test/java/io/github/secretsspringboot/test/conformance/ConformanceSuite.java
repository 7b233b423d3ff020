package io.github.secretsspringboot.test.conformance;

import org.junit.jupiter.api.Nested;

/**
 * Every conformance scenario class, nested once for whichever target a subclass supplies,
 * so that a new scenario class runs against the emulator and LocalStack alike.
 */
abstract class ConformanceSuite {

	protected abstract ConformanceTarget target();

	@Nested
	class CreateAndGetSecret extends CreateAndGetSecretConformance {

		@Override
		protected ConformanceTarget target() {
			return ConformanceSuite.this.target();
		}

	}

	@Nested
	class GetSecretValue extends GetSecretValueConformance {

		@Override
		protected ConformanceTarget target() {
			return ConformanceSuite.this.target();
		}

	}

	@Nested
	class PutSecretValue extends PutSecretValueConformance {

		@Override
		protected ConformanceTarget target() {
			return ConformanceSuite.this.target();
		}

	}

	@Nested
	class UpdateSecret extends UpdateSecretConformance {

		@Override
		protected ConformanceTarget target() {
			return ConformanceSuite.this.target();
		}

	}

	@Nested
	class UpdateSecretVersionStage extends UpdateSecretVersionStageConformance {

		@Override
		protected ConformanceTarget target() {
			return ConformanceSuite.this.target();
		}

	}

	@Nested
	class DescribeSecret extends DescribeSecretConformance {

		@Override
		protected ConformanceTarget target() {
			return ConformanceSuite.this.target();
		}

	}

	@Nested
	class ListSecretVersionIds extends ListSecretVersionIdsConformance {

		@Override
		protected ConformanceTarget target() {
			return ConformanceSuite.this.target();
		}

	}

	@Nested
	class DeleteAndRestoreSecret extends DeleteAndRestoreSecretConformance {

		@Override
		protected ConformanceTarget target() {
			return ConformanceSuite.this.target();
		}

	}

	@Nested
	class TagResource extends TagResourceConformance {

		@Override
		protected ConformanceTarget target() {
			return ConformanceSuite.this.target();
		}

	}

	@Nested
	class BatchGetSecretValue extends BatchGetSecretValueConformance {

		@Override
		protected ConformanceTarget target() {
			return ConformanceSuite.this.target();
		}

	}

	@Nested
	class ListSecrets extends ListSecretsConformance {

		@Override
		protected ConformanceTarget target() {
			return ConformanceSuite.this.target();
		}

	}

}
