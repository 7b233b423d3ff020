package io.github.secretsspringboot.refresh;

import java.util.List;

import io.github.secretsspringboot.core.SecretErrorKind;
import org.jspecify.annotations.Nullable;

/**
 * What one check found for one import.
 *
 * @param trackedImport the import
 * @param change the applied change, or {@code null}
 * @param stages the staging labels of the version in use after the check, or {@code null}
 * when unknown
 * @param error why the check failed, or {@code null}
 * @param detail for the log only: what failed, in words that never hold a value
 * @author secrets-spring-boot
 */
record ImportOutcome(TrackedImport trackedImport, @Nullable SecretChange change, @Nullable List<String> stages,
		@Nullable SecretErrorKind error, @Nullable String detail) {

	static ImportOutcome unchanged(TrackedImport trackedImport, @Nullable List<String> stages) {
		return new ImportOutcome(trackedImport, null, stages, null, null);
	}

	static ImportOutcome changed(TrackedImport trackedImport, SecretChange change, @Nullable List<String> stages) {
		return new ImportOutcome(trackedImport, change, stages, null, null);
	}

	static ImportOutcome failed(TrackedImport trackedImport, @Nullable SecretErrorKind error, @Nullable String detail) {
		return new ImportOutcome(trackedImport, null, null, error, detail);
	}

	boolean failed() {
		return this.error != null;
	}

}
