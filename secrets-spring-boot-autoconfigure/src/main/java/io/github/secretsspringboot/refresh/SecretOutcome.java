package io.github.secretsspringboot.refresh;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.github.secretsspringboot.core.SecretErrorKind;
import org.jspecify.annotations.Nullable;

/**
 * What one check found for one secret, import by import.
 *
 * @param secret the secret
 * @param imports the outcome of each of its imports
 * @param checkedAt when the check completed
 * @author secrets-spring-boot
 */
record SecretOutcome(TrackedSecret secret, List<ImportOutcome> imports, Instant checkedAt) {

	/**
	 * Every import checked failed for the same reason, as when the secret cannot be read
	 * at all.
	 */
	static SecretOutcome failed(TrackedSecret secret, SecretErrorKind error, String detail, Instant checkedAt) {
		return new SecretOutcome(secret,
				secret.importsInCheck()
					.stream()
					.map((tracked) -> ImportOutcome.failed(tracked, error, detail))
					.toList(),
				checkedAt);
	}

	List<SecretChange> changes() {
		return this.imports.stream().map(ImportOutcome::change).filter(Objects::nonNull).toList();
	}

	/** The first failure, or {@code null} when no import failed. */
	@Nullable ImportOutcome firstFailure() {
		return this.imports.stream().filter(ImportOutcome::failed).findFirst().orElse(null);
	}

	RefreshResult result() {
		ImportOutcome failure = firstFailure();
		return new RefreshResult(this.secret.secretId(), changes(), (failure != null) ? failure.error() : null,
				this.checkedAt);
	}

}
