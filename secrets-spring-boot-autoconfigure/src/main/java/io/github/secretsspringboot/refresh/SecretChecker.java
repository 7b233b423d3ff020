package io.github.secretsspringboot.refresh;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.refresh.SecretsRefreshProperties.Mode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Starts the checks of a cycle on the refresher's threads, in the configured mode: one
 * task per secret in describe mode, one task per {@value BatchCheck#BATCH_SIZE} secrets
 * in batch mode. Every future completes normally, with a failed outcome when anything
 * goes wrong.
 *
 * @author secrets-spring-boot
 */
final class SecretChecker {

	private static final Log logger = LogFactory.getLog(SecretChecker.class);

	private final Mode mode;

	private final DescribeCheck describeCheck;

	private final BatchCheck batchCheck;

	private final CurrentCheck currentCheck;

	private final Clock clock;

	private volatile boolean batchDenied;

	/**
	 * Secrets BatchGetSecretValue may not read although it is allowed: shared by another
	 * account.
	 */
	private final Set<String> checkedAlone = ConcurrentHashMap.newKeySet();

	SecretChecker(Mode mode, DescribeCheck describeCheck, BatchCheck batchCheck, CurrentCheck currentCheck,
			Clock clock) {
		this.mode = mode;
		this.describeCheck = describeCheck;
		this.batchCheck = batchCheck;
		this.currentCheck = currentCheck;
		this.clock = clock;
	}

	Map<TrackedSecret, CompletableFuture<SecretOutcome>> check(List<TrackedSecret> secrets, Executor executor) {
		return check(secrets, false, executor);
	}

	/**
	 * Starts the checks of a cycle.
	 * @param secrets the secrets to check
	 * @param currentKnownToMove whether the caller knows AWSCURRENT moved to a version
	 * not in force: a secret whose imports all follow it is then read at that stage, in
	 * one request
	 * @param executor the refresher's threads
	 * @return the outcome of each secret
	 */
	Map<TrackedSecret, CompletableFuture<SecretOutcome>> check(List<TrackedSecret> secrets, boolean currentKnownToMove,
			Executor executor) {
		List<TrackedSecret> batched = new ArrayList<>();
		List<TrackedSecret> described = new ArrayList<>();
		List<TrackedSecret> current = new ArrayList<>();
		for (TrackedSecret secret : secrets) {
			if (currentKnownToMove && secret.followsCurrentOnly()) {
				current.add(secret);
				continue;
			}
			// BatchGetSecretValue returns AWSCURRENT only: imports of other stages are
			// described.
			boolean batch = this.mode == Mode.BATCH && !this.batchDenied && secret.followsCurrentOnly()
					&& !this.checkedAlone.contains(secret.secretId());
			(batch ? batched : described).add(secret);
		}
		Map<TrackedSecret, CompletableFuture<SecretOutcome>> checks = new LinkedHashMap<>();
		for (int start = 0; start < batched.size(); start += BatchCheck.BATCH_SIZE) {
			List<TrackedSecret> chunk = List
				.copyOf(batched.subList(start, Math.min(start + BatchCheck.BATCH_SIZE, batched.size())));
			CompletableFuture<Map<TrackedSecret, SecretOutcome>> batch = run(() -> this.batchCheck.check(chunk),
					executor)
				.thenCompose((outcomes) -> (outcomes != null) ? CompletableFuture.completedFuture(outcomes)
						: describeInstead(chunk, executor));
			chunk.forEach((secret) -> checks.put(secret, batch.thenCompose((outcomes) -> (outcomes.get(secret) != null)
					? CompletableFuture.completedFuture(outcomes.get(secret)) : aloneFromNowOn(secret, executor))));
		}
		described.forEach((secret) -> checks.put(secret, run(() -> this.describeCheck.check(secret), executor)));
		current.forEach((secret) -> checks.put(secret, run(() -> this.currentCheck.check(secret), executor)));
		checks.replaceAll((secret, check) -> check.exceptionally((ex) -> SecretOutcome.failed(secret,
				SecretErrorKind.OTHER, "the check failed: " + ex, this.clock.instant())));
		return checks;
	}

	/**
	 * Without permission for BatchGetSecretValue, DescribeSecret and GetSecretValue still
	 * work when allowed: switch to them for good instead of failing every cycle.
	 */
	private CompletableFuture<Map<TrackedSecret, SecretOutcome>> describeInstead(List<TrackedSecret> secrets,
			Executor executor) {
		if (!this.batchDenied) {
			this.batchDenied = true;
			logger.warn("BatchGetSecretValue was denied; checking secrets with DescribeSecret instead. Allow "
					+ "secretsmanager:BatchGetSecretValue to check them in fewer requests.");
		}
		Map<TrackedSecret, CompletableFuture<SecretOutcome>> checks = new LinkedHashMap<>();
		secrets.forEach((secret) -> checks.put(secret, run(() -> this.describeCheck.check(secret), executor)));
		return CompletableFuture.allOf(checks.values().toArray(CompletableFuture[]::new)).thenApply((done) -> {
			Map<TrackedSecret, SecretOutcome> outcomes = new LinkedHashMap<>();
			checks.forEach((secret, check) -> outcomes.put(secret, check.join()));
			return outcomes;
		});
	}

	/**
	 * A secret the batch could not read although the batch was allowed: described alone,
	 * in this cycle and the next ones, as a secret shared by another account must be.
	 */
	private CompletableFuture<SecretOutcome> aloneFromNowOn(TrackedSecret secret, Executor executor) {
		this.checkedAlone.add(secret.secretId());
		return run(() -> this.describeCheck.check(secret), executor);
	}

	private static <T> CompletableFuture<T> run(Supplier<T> check, Executor executor) {
		try {
			return CompletableFuture.supplyAsync(check, executor);
		}
		catch (RuntimeException ex) {
			// Rejected: the refresher is stopping.
			return CompletableFuture.failedFuture(ex);
		}
	}

}
