package io.github.secretsspringboot.refresh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.secretsspringboot.core.SecretErrorKind;

import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Refreshes asked for by the application: shared while in flight, spaced apart, never
 * blocking.
 */
class ForcedRefreshTests extends RefreshTestSupport {

	/** Long enough that no periodic check interferes. */
	private static final String NO_PERIODIC_CHECKS = "aws.secrets.refresh.interval=1h";

	@Test
	void forcedRefreshAppliesANewVersionAndPublishesOneEvent() throws Exception {
		createSecret("prod/app/db", "{\"password\": \"p1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db", NO_PERIODIC_CHECKS)) {
			String version = putValue("prod/app/db", "{\"password\": \"p2\"}");
			RefreshResult result = refresher(context).refresh("prod/app/db", RefreshCause.CREDENTIALS_REJECTED)
				.get(5, TimeUnit.SECONDS);
			assertThat(result.changed()).isTrue();
			assertThat(result.failed()).isFalse();
			assertThat(result.changes()).singleElement().satisfies((change) -> {
				assertThat(change.versionId()).isEqualTo(version);
				assertThat(change.propertyNames()).containsExactly("password");
			});
			assertThat(context.getEnvironment().getProperty("password")).isEqualTo("p2");
			assertThat(events(context)).singleElement()
				.satisfies((event) -> assertThat(event.getCause()).isEqualTo(RefreshCause.CREDENTIALS_REJECTED));
		}
	}

	@Test
	void concurrentCallersShareOneCheck() throws Exception {
		createSecret("prod/app/db", "{\"password\": \"p1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db", NO_PERIODIC_CHECKS)) {
			SecretsRefresher refresher = refresher(context);
			emulator.control().latency(Duration.ofMillis(300)).resetCounters();
			int callers = 8;
			ExecutorService threads = Executors.newFixedThreadPool(callers);
			try {
				CountDownLatch ready = new CountDownLatch(1);
				List<Future<CompletableFuture<RefreshResult>>> calls = new ArrayList<>();
				for (int i = 0; i < callers; i++) {
					calls.add(threads.submit(() -> {
						ready.await();
						return refresher.refresh("prod/app/db", RefreshCause.CREDENTIALS_REJECTED);
					}));
				}
				ready.countDown();
				List<RefreshResult> results = new ArrayList<>();
				for (Future<CompletableFuture<RefreshResult>> call : calls) {
					results.add(call.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS));
				}
				assertThat(results).allSatisfy((result) -> assertThat(result).isSameAs(results.get(0)));
				assertThat(requests("DescribeSecret")).isOne();
			}
			finally {
				threads.shutdownNow();
			}
		}
	}

	@Test
	void callerIsNeverBlockedByTheCheck() {
		createSecret("prod/app/db", "{\"password\": \"p1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db", NO_PERIODIC_CHECKS)) {
			emulator.control().latency(Duration.ofMillis(500));
			CompletableFuture<RefreshResult> result = refresher(context).refresh("prod/app/db", RefreshCause.REQUEST);
			assertThat(result).isNotDone();
			await().atMost(Duration.ofSeconds(5)).until(result::isDone);
			assertThat(result.join().failed()).isFalse();
		}
	}

	@Test
	void callsWithinTheMinimumSpacingGetTheLastResult() throws Exception {
		createSecret("prod/app/db", "{\"password\": \"p1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db", NO_PERIODIC_CHECKS,
				"aws.secrets.refresh.forced-refresh-min-spacing=1s")) {
			SecretsRefresher refresher = refresher(context);
			emulator.control().resetCounters();
			RefreshResult first = refresher.refresh("prod/app/db", RefreshCause.REQUEST).get(5, TimeUnit.SECONDS);
			putValue("prod/app/db", "{\"password\": \"p2\"}");
			RefreshResult second = refresher.refresh("prod/app/db", RefreshCause.REQUEST).get(5, TimeUnit.SECONDS);
			assertThat(second).isSameAs(first);
			assertThat(second.changed()).isFalse();
			assertThat(requests("DescribeSecret")).isOne();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> refresher.refresh("prod/app/db", RefreshCause.REQUEST).get(5, TimeUnit.SECONDS).changed());
			assertThat(requests("DescribeSecret")).isEqualTo(2);
			assertThat(context.getEnvironment().getProperty("password")).isEqualTo("p2");
		}
	}

	@Test
	void refreshOfTheWholeConfigurationIsNotSpaced() throws Exception {
		createSecret("prod/app/db", "{\"password\": \"p1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db", NO_PERIODIC_CHECKS,
				"aws.secrets.refresh.forced-refresh-min-spacing=1h")) {
			SecretsRefresher refresher = refresher(context);
			emulator.control().resetCounters();
			RefreshResult earlier = refresher.refresh("prod/app/db", RefreshCause.CREDENTIALS_REJECTED)
				.get(5, TimeUnit.SECONDS);
			assertThat(earlier.changed()).isFalse();
			putValue("prod/app/db", "{\"password\": \"p2\"}");
			RefreshResult result = only(refresher.refreshAllAfterNow(RefreshCause.REQUEST));
			assertThat(result.changed()).isTrue();
			assertThat(requests("DescribeSecret")).isEqualTo(2);
			assertThat(context.getEnvironment().getProperty("password")).isEqualTo("p2");
		}
	}

	@Test
	void refreshOfTheWholeConfigurationReadsAgainAfterACheckInFlight() throws Exception {
		createSecret("prod/app/db", "{\"password\": \"p1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db", NO_PERIODIC_CHECKS)) {
			SecretsRefresher refresher = refresher(context);
			emulator.control().resetCounters().latency(Duration.ofMillis(500));
			CompletableFuture<RefreshResult> inFlight = refresher.refresh("prod/app/db", RefreshCause.REQUEST);
			// The emulator answers on receipt and sends the answer later: this check read
			// p1.
			await().atMost(Duration.ofSeconds(5)).until(() -> requests("DescribeSecret") == 1);
			putValue("prod/app/db", "{\"password\": \"p2\"}");
			RefreshResult result = only(refresher.refreshAllAfterNow(RefreshCause.REQUEST));
			assertThat(inFlight.get(5, TimeUnit.SECONDS).changed()).isFalse();
			assertThat(result.changed()).isTrue();
			assertThat(context.getEnvironment().getProperty("password")).isEqualTo("p2");
		}
	}

	@Test
	void refreshesOfTheWholeConfigurationShareACheckThatHasNotStarted() throws Exception {
		createSecret("prod/app/db", "{\"password\": \"p1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db", NO_PERIODIC_CHECKS)) {
			SecretsRefresher refresher = refresher(context);
			emulator.control().resetCounters().latency(Duration.ofMillis(500));
			CompletableFuture<RefreshResult> inFlight = refresher.refresh("prod/app/db", RefreshCause.REQUEST);
			await().atMost(Duration.ofSeconds(5)).until(() -> requests("DescribeSecret") == 1);
			Map<TrackedSecret, CompletableFuture<RefreshResult>> first = refresher
				.refreshAllAfterNow(RefreshCause.REQUEST);
			Map<TrackedSecret, CompletableFuture<RefreshResult>> second = refresher
				.refreshAllAfterNow(RefreshCause.REQUEST);
			assertThat(only(second)).isSameAs(only(first));
			inFlight.get(5, TimeUnit.SECONDS);
			assertThat(requests("DescribeSecret")).isEqualTo(2);
		}
	}

	private static RefreshResult only(Map<TrackedSecret, CompletableFuture<RefreshResult>> checks) throws Exception {
		assertThat(checks).hasSize(1);
		return checks.values().iterator().next().get(5, TimeUnit.SECONDS);
	}

	@Test
	void refreshAllChecksEverySecretInOneCycleWithOneEventPerChangedSecret() throws Exception {
		createSecret("prod/app/a", "{\"a\": \"1\"}");
		createSecret("prod/app/b", "{\"b\": \"1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/a;prod/app/b", NO_PERIODIC_CHECKS)) {
			putValue("prod/app/a", "{\"a\": \"2\"}");
			putValue("prod/app/b", "{\"b\": \"2\"}");
			List<RefreshResult> results = refresher(context).refreshAll(RefreshCause.REQUEST).get(5, TimeUnit.SECONDS);
			assertThat(results).hasSize(2).allSatisfy((result) -> assertThat(result.changed()).isTrue());
			// Each secret's reactions run as soon as its own check completes.
			assertThat(events(context)).hasSize(2)
				.allSatisfy((event) -> assertThat(event.getCause()).isEqualTo(RefreshCause.REQUEST))
				.flatExtracting(SecretsChangedEvent::getChangedPropertyNames)
				.containsExactlyInAnyOrder("a", "b");
		}
	}

	@Test
	void secretIsFoundByItsArn() throws Exception {
		createSecret("prod/app/db", "{\"password\": \"p1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db", NO_PERIODIC_CHECKS)) {
			putValue("prod/app/db", "{\"password\": \"p2\"}");
			RefreshResult result = refresher(context).refresh(arnOf("prod/app/db"), RefreshCause.REQUEST)
				.get(5, TimeUnit.SECONDS);
			assertThat(result.secretId()).isEqualTo("prod/app/db");
			assertThat(result.changed()).isTrue();
		}
	}

	@Test
	void failureIsReportedAndTheOldValuesKept() throws Exception {
		createSecret("prod/app/db", "{\"password\": \"p1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db", NO_PERIODIC_CHECKS)) {
			emulator.control().denyAccess("prod/app/db");
			RefreshResult result = refresher(context).refresh("prod/app/db", RefreshCause.CREDENTIALS_REJECTED)
				.get(5, TimeUnit.SECONDS);
			assertThat(result.error()).isEqualTo(SecretErrorKind.ACCESS_DENIED);
			assertThat(context.getEnvironment().getProperty("password")).isEqualTo("p1");
		}
	}

	@Test
	void secretThatIsNotRefreshedIsRejected() {
		createSecret("prod/app/db", "{\"password\": \"p1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db", NO_PERIODIC_CHECKS)) {
			CompletableFuture<RefreshResult> result = refresher(context).refresh("prod/app/other",
					RefreshCause.REQUEST);
			assertThatExceptionOfType(Exception.class).isThrownBy(result::join)
				.havingCause()
				.isInstanceOf(IllegalArgumentException.class)
				.withMessageContaining("prod/app/other");
		}
	}

	@Test
	void refreshAfterStopFailsInsteadOfWaiting() {
		createSecret("prod/app/db", "{\"password\": \"p1\"}");
		ConfigurableApplicationContext context = run("aws-secret:prod/app/db", NO_PERIODIC_CHECKS);
		SecretsRefresher refresher = refresher(context);
		context.close();
		assertThat(refresher.refresh("prod/app/db", RefreshCause.REQUEST)).isCompletedExceptionally();
	}

}
