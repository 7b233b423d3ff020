package io.github.secretsspringboot.refresh;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.secretsspringboot.config.SecretPropertySources;
import io.github.secretsspringboot.core.SecretValue;
import io.github.secretsspringboot.refresh.RefreshFixtures.RecordingReaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChangePipeline}: the starter's reactions run in order on the caller's
 * thread before the application hears of a change, whatever fails.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChangePipelineTests {

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private final SecretsChangedEvent event = new SecretsChangedEvent(this, RefreshCause.SCHEDULE,
			List.of(new SecretChange("app", "arn:app", "aws-secret:app", "v1", "v2", Set.of("password"))));

	@Test
	void reactionsRunInOrderThenTheApplicationIsToldOnTheSameThread() {
		Thread caller = Thread.currentThread();
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.addApplicationListener((ApplicationListener<SecretsChangedEvent>) (changed) -> this.calls
				.add("application hears " + changed.getChanges().get(0).versionId() + " on "
						+ ((Thread.currentThread() == caller) ? "caller" : "other")));
			context.refresh();
			ChangePipeline pipeline = new ChangePipeline(
					() -> List.of(reaction("pool", null), reaction("rebinding", null)), context);
			pipeline.changed(this.event, true);
		}
		assertThat(this.calls).containsExactly("pool reacts to 1 change(s)", "rebinding reacts to 1 change(s)",
				"application hears v2 on caller");
	}

	@Test
	void theReactionsAreLookedUpOnceOnFirstUse() {
		AtomicInteger lookups = new AtomicInteger();
		ChangePipeline pipeline = new ChangePipeline(() -> {
			lookups.incrementAndGet();
			return List.of(reaction("pool", null));
		}, (published) -> this.calls.add("event"));
		assertThat(lookups).hasValue(0);
		pipeline.changed(this.event, true);
		pipeline.changed(this.event, true);
		assertThat(pipeline.rejectionOf(SecretPropertySources.notLoaded("aws-secret:app"), version(), Map.of()))
			.isNull();
		assertThat(lookups).hasValue(1);
	}

	@Test
	void aFailingReactionKeepsNeitherTheNextOnesNorTheEventFromRunning(CapturedOutput output) {
		SecretChangeReaction failing = (changed) -> {
			throw new IllegalStateException("pool is closed");
		};
		ChangePipeline pipeline = new ChangePipeline(() -> List.of(failing, reaction("rebinding", null)),
				(published) -> this.calls.add("event"));
		pipeline.changed(this.event, true);
		assertThat(this.calls).containsExactly("rebinding reacts to 1 change(s)", "event");
		assertThat(output).contains("Could not react to SecretsChangedEvent[cause=SCHEDULE")
			.contains("the new values are in force all the same")
			.contains("pool is closed");
	}

	@Test
	void aFailingListenerIsLoggedAndDoesNotReachTheRefresher(CapturedOutput output) {
		ChangePipeline pipeline = new ChangePipeline(List::of, (published) -> {
			throw new IllegalStateException("listener broke");
		});
		pipeline.changed(this.event, true);
		assertThat(output)
			.contains("A listener of SecretsChangedEvent failed; the new values are in force all the same")
			.contains("listener broke");
	}

	@Test
	void whileTheContextClosesOnlyTheReactionsRun() {
		ChangePipeline pipeline = new ChangePipeline(() -> List.of(reaction("pool", null)),
				(published) -> this.calls.add("event"));
		pipeline.changed(this.event, false);
		assertThat(this.calls).containsExactly("pool reacts to 1 change(s)");
	}

	@Test
	void theFirstReactionThatRefusesAVersionGivesTheReasonAndTheNextOnesAreNotAsked() {
		ChangePipeline pipeline = new ChangePipeline(() -> List.of(reaction("first", null),
				reaction("pool", "its password is empty"), reaction("last", "other reason")), (published) -> {
				});
		assertThat(pipeline.rejectionOf(SecretPropertySources.notLoaded("aws-secret:app"), version(),
				Map.of("password", "")))
			.isEqualTo("its password is empty");
		assertThat(this.calls).containsExactly("first checks v2", "pool checks v2");
	}

	@Test
	void noReactionsRefuseNothingAndPublishNothing() {
		ChangePipeline none = ChangePipeline.none();
		assertThat(none.rejectionOf(SecretPropertySources.notLoaded("aws-secret:app"), version(), Map.of())).isNull();
		none.changed(this.event, true);
		assertThat(this.calls).isEmpty();
	}

	private RecordingReaction reaction(String name, String rejection) {
		return new RecordingReaction(name, this.calls, rejection);
	}

	private static SecretValue version() {
		return new SecretValue("app", "arn:app", "v2", List.of("AWSCURRENT"), Instant.EPOCH, "{}", null);
	}

}
