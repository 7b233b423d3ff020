package io.github.secretsspringboot.jdbc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.secretsspringboot.jdbc.CredentialGenerations.Generation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credential generations of one pool.
 */
class CredentialGenerationsTests {

	private static final DatabaseCredentials FIRST = new DatabaseCredentials("app", "first");

	private static final DatabaseCredentials SECOND = new DatabaseCredentials("app", "second");

	@Test
	void startsAtGenerationOne() {
		CredentialGenerations generations = new CredentialGenerations(FIRST);
		assertThat(generations.current().number()).isEqualTo(1);
		assertThat(generations.current().credentials()).isEqualTo(FIRST);
	}

	@Test
	void swapToOtherCredentialsIsTheNextGeneration() {
		CredentialGenerations generations = new CredentialGenerations(FIRST);
		Generation first = generations.current();
		Generation next = generations.swap(SECOND, (generation) -> {
		});
		assertThat(next.number()).isEqualTo(2);
		assertThat(generations.current()).isEqualTo(next);
		assertThat(generations.isCurrent(first)).isFalse();
	}

	@Test
	void swapToTheCredentialsInForceIsNone() {
		CredentialGenerations generations = new CredentialGenerations(FIRST);
		AtomicBoolean ran = new AtomicBoolean();
		assertThat(generations.swap(new DatabaseCredentials("app", "first"), (generation) -> ran.set(true))).isNull();
		assertThat(ran).isFalse();
		assertThat(generations.current().number()).isEqualTo(1);
	}

	@Test
	void swapRunsItsActionUnderTheLockBeforeTheGenerationIsInForce() {
		CredentialGenerations generations = new CredentialGenerations(FIRST);
		generations.swap(SECOND, (next) -> {
			assertThat(generations.current().number()).isEqualTo(1);
			assertThat(next.number()).isEqualTo(2);
			// No hand-over of the first generation can happen meanwhile.
			assertThat(CompletableFuture
				.supplyAsync(() -> generations.ifCurrent(new Generation(1, FIRST), () -> "handed over"))
				.completeOnTimeout("waiting", 100, TimeUnit.MILLISECONDS)
				.join()).isEqualTo("waiting");
		});
	}

	@Test
	void connectionOfAGenerationNoLongerInForceIsNotHandedOver() {
		CredentialGenerations generations = new CredentialGenerations(FIRST);
		Generation first = generations.current();
		assertThat(generations.ifCurrent(first, () -> "handed over")).isEqualTo("handed over");
		generations.swap(SECOND, (next) -> {
		});
		assertThat(generations.ifCurrent(first, () -> "handed over")).isNull();
	}

	@Test
	void awaitSwapReturnsWhenAnotherGenerationComesIntoForce() {
		CredentialGenerations generations = new CredentialGenerations(FIRST);
		Generation first = generations.current();
		CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
			try {
				return generations.awaitSwap(first, TimeUnit.SECONDS.toNanos(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		});
		generations.swap(SECOND, (next) -> {
		});
		assertThat(waiting).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(true);
	}

	@Test
	void awaitSwapGivesUpAfterItsTime() throws InterruptedException {
		CredentialGenerations generations = new CredentialGenerations(FIRST);
		long started = System.nanoTime();
		assertThat(generations.awaitSwap(generations.current(), TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
		assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
	}

	@Test
	void awaitSwapReturnsAtOnceWhenTheGenerationIsNoLongerInForce() throws InterruptedException {
		CredentialGenerations generations = new CredentialGenerations(FIRST);
		Generation first = generations.current();
		generations.swap(SECOND, (next) -> {
		});
		assertThat(generations.awaitSwap(first, 0)).isTrue();
	}

}
