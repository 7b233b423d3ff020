package io.github.secretsspringboot.jdbc;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The credentials of a staged version (AWSCURRENT read directly, or AWSPENDING) that
 * logged in while those in force are rejected, and the recent lookups of staged versions,
 * reused for two seconds whatever the answer so that a pool failing to log in does not
 * flood Secrets Manager. Both belong to one generation and are forgotten at a swap.
 * <p>
 * Not thread-safe: used under the lock of the pool's {@link CredentialGenerations}.
 *
 * @author secrets-spring-boot
 */
final class StagedFallback {

	static final String AWSCURRENT = "AWSCURRENT";

	static final String AWSPENDING = "AWSPENDING";

	/** Lookups of a staged version, found or not, are reused for this long. */
	static final long LOOKUP_REUSE_NANOS = TimeUnit.SECONDS.toNanos(2);

	private @Nullable Fallback fallback;

	private final Map<String, StagedLookup> lookups = new HashMap<>();

	/** Staged credentials that already logged in under {@code generation}, if any. */
	Optional<Fallback> of(long generation) {
		Fallback known = this.fallback;
		return (known != null && known.generation() == generation) ? Optional.of(known) : Optional.empty();
	}

	/**
	 * Staged credentials logged in under {@code generation}.
	 * @return whether they are new: another version or stage than the fallback known
	 */
	boolean connected(long generation, String stage, DatabaseCredentials credentials, @Nullable String versionId) {
		boolean first = this.fallback == null || !this.fallback.credentials().equals(credentials)
				|| !this.fallback.stage().equals(stage);
		this.fallback = new Fallback(generation, stage, credentials, versionId);
		return first;
	}

	/** Forgets staged credentials of {@code generation} that were rejected in turn. */
	void rejected(long generation) {
		if (this.fallback != null && this.fallback.generation() == generation) {
			this.fallback = null;
			this.lookups.clear();
		}
	}

	/** A lookup of {@code stage} made less than two seconds before {@code nowNanos}. */
	Optional<StagedCredentials> recentLookup(String stage, long nowNanos) {
		StagedLookup known = this.lookups.get(stage);
		return (known != null && nowNanos - known.atNanos() < LOOKUP_REUSE_NANOS) ? Optional.of(known.result())
				: Optional.empty();
	}

	void looked(String stage, long atNanos, StagedCredentials result) {
		this.lookups.put(stage, new StagedLookup(atNanos, result));
	}

	/** Another generation is in force. */
	void clear() {
		this.fallback = null;
		this.lookups.clear();
	}

	/**
	 * Staged credentials that logged in under a generation whose credentials the database
	 * rejects.
	 */
	record Fallback(long generation, String stage, DatabaseCredentials credentials, @Nullable String versionId) {

	}

	/**
	 * What a staged version holds.
	 *
	 * @param credentials its credentials, or {@code null} when there is no such version
	 * or it could not be read
	 * @param versionId its version id, or {@code null}
	 */
	record StagedCredentials(@Nullable DatabaseCredentials credentials, @Nullable String versionId) {

		static final StagedCredentials NONE = new StagedCredentials(null, null);

	}

	private record StagedLookup(long atNanos, StagedCredentials result) {

	}

}
