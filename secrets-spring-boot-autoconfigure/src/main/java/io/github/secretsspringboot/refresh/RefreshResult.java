package io.github.secretsspringboot.refresh;

import java.time.Instant;
import java.util.List;

import io.github.secretsspringboot.core.SecretErrorKind;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of refreshing one secret (all of its imports).
 *
 * @param secretId the secret as named in its imports
 * @param changes the imports that now hold another version
 * @param error why an import could not be refreshed, or {@code null} when none failed; a
 * failed import keeps its last good values
 * @param completedAt when the refresh completed
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public record RefreshResult(String secretId, List<SecretChange> changes, @Nullable SecretErrorKind error,
		Instant completedAt) {

	public RefreshResult {
		changes = List.copyOf(changes);
	}

	/** Whether at least one import of the secret now holds another version. */
	public boolean changed() {
		return !this.changes.isEmpty();
	}

	/** Whether an import of the secret could not be refreshed. */
	public boolean failed() {
		return this.error != null;
	}

}
