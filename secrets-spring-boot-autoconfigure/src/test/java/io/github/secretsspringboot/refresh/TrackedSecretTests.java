package io.github.secretsspringboot.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

import io.github.secretsspringboot.refresh.TrackedSecret.Finished;
import io.github.secretsspringboot.refresh.TrackedSecret.ForcedRefresh;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TrackedSecret}: the names that identify a secret, its schedule and
 * backoff, one check at a time, and how forced refreshes are shared.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class TrackedSecretTests {

	private static final Instant T0 = RefreshFixtures.NOW;

	private final Backoff backoff = new Backoff(Duration.ofSeconds(60), Duration.ofMinutes(8), 0.0,
			new SplittableRandom(1));

	private SecretsManagerEmulator emulator;

	private RefreshFixtures fixtures;

	private String arn;

	@BeforeEach
	void create(SecretsManagerEmulator emulator) {
		this.emulator = emulator;
		emulator.clear();
		this.arn = emulator.client()
			.createSecret((secret) -> secret.name("app/db").secretString("{\"user\": \"u\"}"))
			.arn();
		emulator.client().putSecretValue((request) -> request.secretId("app/db").secretString("{\"user\": \"v\"}"));
		this.fixtures = new RefreshFixtures(emulator.client());
	}

	@Test
	void theNameTheArnAndThePartialArnNameTheSecret() {
		TrackedSecret secret = this.fixtures.track("aws-secret:app/db");
		String partial = this.arn.substring(0, this.arn.length() - 7);
		assertThat(secret.isNamedBy("app/db")).isTrue();
		assertThat(secret.isNamedBy(this.arn)).isTrue();
		assertThat(secret.isNamedBy(partial)).isTrue();
		assertThat(secret.isNamedBy("app/d")).isFalse();
		assertThat(secret.isAnsweredAs("app/db", this.arn)).isTrue();
		assertThat(secret.isAnsweredAs("renamed", this.arn)).isTrue();
		assertThat(secret.isAnsweredAs("app/other", "arn:other")).isFalse();
	}

	@Test
	void onlyASecretWhoseImportsAllFollowAwsCurrentCanBeBatched() {
		assertThat(this.fixtures.track("aws-secret:app/db", "aws-secret:app/db?prefix=x").followsCurrentOnly())
			.isTrue();
		TrackedSecret mixed = this.fixtures.track("aws-secret:app/db?prefix=y",
				"aws-secret:app/db?version-stage=AWSPREVIOUS&prefix=z");
		assertThat(mixed.followsCurrentOnly()).isFalse();
		assertThat(mixed.holdsCurrent(mixed.imports().get(0).versionIdInUse())).isTrue();
		assertThat(mixed.holdsCurrent(mixed.imports().get(1).versionIdInUse())).isFalse();
	}

	@Test
	void aSecretIsReservedOnceDueWithinTheToleranceAndOnlyOnceAtATime() {
		TrackedSecret secret = this.fixtures.track("aws-secret:app/db");
		assertThat(secret.nextCheck()).isNull();
		secret.scheduleFirstCheck(T0.plusSeconds(60));
		assertThat(secret.nextCheck()).isEqualTo(T0.plusSeconds(60));
		assertThat(secret.reserveIfDue(T0.plusSeconds(50), Duration.ofSeconds(5))).isFalse();
		assertThat(secret.reserveIfDue(T0.plusSeconds(56), Duration.ofSeconds(5))).isTrue();
		assertThat(secret.isChecking()).isTrue();
		assertThat(secret.reserveIfDue(T0.plusSeconds(60), Duration.ZERO)).isFalse();
		assertThat(secret.reserveIfIdle()).isFalse();
		Finished finished = secret.finished(unchanged(secret, T0.plusSeconds(61)), this.backoff);
		assertThat(secret.isChecking()).isFalse();
		assertThat(finished.nextWait()).isEqualTo(Duration.ofSeconds(60));
		assertThat(finished.warn()).isFalse();
		assertThat(secret.nextCheck()).isEqualTo(T0.plusSeconds(121));
		assertThat(secret.reserveIfIdle()).isTrue();
	}

	@Test
	void failuresBackOffAndWarnOncePerStep() {
		TrackedSecret secret = this.fixtures.track("aws-secret:app/db");
		TrackedImport tracked = secret.imports().get(0);
		Instant at = T0;
		List<Boolean> warnings = new java.util.ArrayList<>();
		List<Duration> waits = new java.util.ArrayList<>();
		for (int i = 0; i < 6; i++) {
			secret.reserve();
			ImportOutcome failure = VersionApplier.rejectedAgain(tracked, "v9");
			tracked.failed(at, failure.error());
			Finished finished = secret.finished(new SecretOutcome(secret, List.of(failure), at), this.backoff);
			warnings.add(finished.warn());
			waits.add(finished.nextWait());
			assertThat(finished.consecutiveFailures()).isEqualTo(i + 1);
			assertThat(secret.nextCheck()).isEqualTo(at.plus(finished.nextWait()));
			at = at.plus(finished.nextWait());
		}
		assertThat(waits).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
				Duration.ofMinutes(8), Duration.ofMinutes(8), Duration.ofMinutes(8));
		assertThat(warnings).containsExactly(true, true, true, true, false, false);
		secret.reserve();
		tracked.succeeded(at, List.of("AWSCURRENT"), false);
		Finished recovered = secret.finished(unchanged(secret, at), this.backoff);
		assertThat(recovered.previousFailures()).isEqualTo(6);
		assertThat(recovered.consecutiveFailures()).isZero();
		assertThat(recovered.nextWait()).isEqualTo(Duration.ofMinutes(1));
		assertThat(tracked.warnedStep()).isZero();
	}

	@Test
	void aRotationUnderWayIsCheckedMoreOftenUntilItLooksStuck() {
		TrackedSecret secret = this.fixtures.track("aws-secret:app/db");
		secret.described(describedWithPending(T0));
		secret.reserve();
		assertThat(secret.finished(unchanged(secret, T0.plusSeconds(10)), this.backoff).nextWait())
			.isEqualTo(Duration.ofSeconds(15));
		secret.described(describedWithPending(T0.plus(Duration.ofMinutes(20))));
		assertThat(secret.description().pendingSince()).isEqualTo(T0);
		secret.reserve();
		assertThat(secret.finished(unchanged(secret, T0.plus(Duration.ofMinutes(20))), this.backoff).nextWait())
			.isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void callersArrivingWhileAForcedRefreshIsPendingOrRecentShareIt() {
		TrackedSecret secret = this.fixtures.track("aws-secret:app/db");
		ForcedRefresh first = secret.forcedRefresh(T0, Duration.ofSeconds(10));
		assertThat(first.started()).isTrue();
		assertThat(first.idle()).isDone();
		ForcedRefresh second = secret.forcedRefresh(T0.plusSeconds(1), Duration.ofSeconds(10));
		assertThat(second.started()).isFalse();
		assertThat(second.result()).isSameAs(first.result());
		assertThat(secret.reserveIfIdle()).isFalse();
		first.result().complete(null);
		assertThat(secret.forcedRefresh(T0.plusSeconds(5), Duration.ofSeconds(10)).result()).isSameAs(first.result());
		ForcedRefresh later = secret.forcedRefresh(T0.plusSeconds(11), Duration.ofSeconds(10));
		assertThat(later.started()).isTrue();
		assertThat(later.result()).isNotSameAs(first.result());
	}

	@Test
	void aRefreshAskedAfterTheForcedCheckStartedGetsACheckOfItsOwn() {
		TrackedSecret secret = this.fixtures.track("aws-secret:app/db");
		ForcedRefresh first = secret.forcedRefreshAfterNow(T0);
		assertThat(secret.forcedRefreshAfterNow(T0).result()).isSameAs(first.result());
		secret.reserveForced();
		ForcedRefresh second = secret.forcedRefreshAfterNow(T0);
		assertThat(second.started()).isTrue();
		assertThat(second.result()).isNotSameAs(first.result());
		assertThat(second.idle()).isNotDone();
		secret.finished(unchanged(secret, T0), this.backoff);
		assertThat(second.idle()).isDone();
	}

	@Test
	void aCompletedRefreshThatReadAfterItsCallDoesNotAnswerForSpacedCallers() {
		TrackedSecret secret = this.fixtures.track("aws-secret:app/db");
		ForcedRefresh event = secret.forcedRefreshAfterNow(T0);
		event.result().complete(null);
		// An event's check read the secret before a credential was rejected: it says
		// nothing about the rotation that followed.
		ForcedRefresh rejected = secret.forcedRefresh(T0.plusSeconds(1), Duration.ofSeconds(10));
		assertThat(rejected.started()).isTrue();
		assertThat(rejected.result()).isNotSameAs(event.result());
		assertThat(secret.forcedRefresh(T0.plusSeconds(2), Duration.ofSeconds(10)).result())
			.isSameAs(rejected.result());
	}

	@Test
	void stoppingFailsAWaitingForcedRefresh() {
		TrackedSecret secret = this.fixtures.track("aws-secret:app/db");
		ForcedRefresh forced = secret.forcedRefresh(T0, Duration.ofSeconds(10));
		secret.reserveForced();
		secret.cancelForcedRefresh();
		assertThat(secret.isChecking()).isFalse();
		assertThatExceptionOfType(CancellationException.class).isThrownBy(forced.result()::join)
			.withMessage("The secrets refresher stopped");
	}

	private static SecretOutcome unchanged(TrackedSecret secret, Instant at) {
		return new SecretOutcome(secret,
				secret.importsInCheck()
					.stream()
					.map((tracked) -> ImportOutcome.unchanged(tracked, List.of("AWSCURRENT")))
					.toList(),
				at);
	}

	private static SecretDescription describedWithPending(Instant at) {
		return new SecretDescription("arn", "app/db", true, null, null, null, null, null,
				Map.of("v1", List.of("AWSCURRENT"), "v2", List.of("AWSPENDING")), at, at);
	}

}
