package io.github.secretsspringboot.jdbc;

import java.util.concurrent.TimeUnit;

import io.github.secretsspringboot.jdbc.StagedFallback.StagedCredentials;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staged credentials that serve while those in force are rejected.
 */
class StagedFallbackTests {

	private static final DatabaseCredentials PENDING = new DatabaseCredentials("app", "pending");

	private final StagedFallback fallback = new StagedFallback();

	@Test
	void fallbackBelongsToItsGeneration() {
		assertThat(this.fallback.connected(1, StagedFallback.AWSPENDING, PENDING, "v2")).isTrue();
		assertThat(this.fallback.of(1)).hasValueSatisfying((known) -> {
			assertThat(known.stage()).isEqualTo(StagedFallback.AWSPENDING);
			assertThat(known.versionId()).isEqualTo("v2");
		});
		assertThat(this.fallback.of(2)).isEmpty();
	}

	@Test
	void sameFallbackAgainIsNotNew() {
		this.fallback.connected(1, StagedFallback.AWSPENDING, PENDING, "v2");
		assertThat(this.fallback.connected(1, StagedFallback.AWSPENDING, PENDING, "v2")).isFalse();
		assertThat(this.fallback.connected(1, StagedFallback.AWSCURRENT, PENDING, "v2")).isTrue();
	}

	@Test
	void rejectedFallbackIsForgottenWithTheLookups() {
		this.fallback.connected(1, StagedFallback.AWSPENDING, PENDING, "v2");
		this.fallback.looked(StagedFallback.AWSPENDING, System.nanoTime(), new StagedCredentials(PENDING, "v2"));
		this.fallback.rejected(2);
		assertThat(this.fallback.of(1)).isPresent();
		this.fallback.rejected(1);
		assertThat(this.fallback.of(1)).isEmpty();
		assertThat(this.fallback.recentLookup(StagedFallback.AWSPENDING, System.nanoTime())).isEmpty();
	}

	@Test
	void lookupsAreReusedForTwoSeconds() {
		long now = System.nanoTime();
		this.fallback.looked(StagedFallback.AWSCURRENT, now, StagedCredentials.NONE);
		assertThat(this.fallback.recentLookup(StagedFallback.AWSCURRENT, now + TimeUnit.MILLISECONDS.toNanos(1999)))
			.contains(StagedCredentials.NONE);
		assertThat(this.fallback.recentLookup(StagedFallback.AWSCURRENT, now + TimeUnit.SECONDS.toNanos(2))).isEmpty();
		assertThat(this.fallback.recentLookup(StagedFallback.AWSPENDING, now)).isEmpty();
	}

	@Test
	void clearForgetsFallbackAndLookups() {
		this.fallback.connected(1, StagedFallback.AWSPENDING, PENDING, "v2");
		this.fallback.looked(StagedFallback.AWSPENDING, System.nanoTime(), new StagedCredentials(PENDING, "v2"));
		this.fallback.clear();
		assertThat(this.fallback.of(1)).isEmpty();
		assertThat(this.fallback.recentLookup(StagedFallback.AWSPENDING, System.nanoTime())).isEmpty();
	}

}
