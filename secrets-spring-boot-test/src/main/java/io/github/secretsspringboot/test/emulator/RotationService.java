package io.github.secretsspringboot.test.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Rotation functions registered by Lambda ARN, and the rotations they run. Each step is
 * invoked on a worker thread, never with the store locked, and talks to the emulator over
 * HTTP like a Lambda talks to Secrets Manager; a pause before a step is a scheduled task,
 * so no thread waits. Rotations are kept as {@link RotationOutcome}s for tests to
 * observe: the latest {@code historyLimit} of them, and every running one, so that a long
 * run does not grow without bound.
 */
final class RotationService {

	private static final Logger logger = LoggerFactory.getLogger(RotationService.class);

	/**
	 * Reported when finishSecret returned without AWSCURRENT on the rotation's version.
	 */
	static final String NOT_FINISHED = "RotationNotFinished";

	private final Map<String, RotationFunction> functions = new ConcurrentHashMap<>();

	private final List<RotationRun> runs = new CopyOnWriteArrayList<>();

	private final SecretStore store;

	private final Supplier<SecretsManagerClient> client;

	private final ScheduledExecutorService timer;

	private final ExecutorService workers;

	/** Rotations kept for {@link #outcomes()} unless set otherwise. */
	static final int DEFAULT_HISTORY_LIMIT = 1000;

	private final int historyLimit;

	RotationService(SecretStore store, Supplier<SecretsManagerClient> client) {
		this(store, client, DEFAULT_HISTORY_LIMIT);
	}

	RotationService(SecretStore store, Supplier<SecretsManagerClient> client, int historyLimit) {
		this.store = store;
		this.client = client;
		this.historyLimit = historyLimit;
		this.timer = Executors.newSingleThreadScheduledExecutor(
				SecretsManagerEmulator.daemonThreads("secrets-manager-emulator-rotation-timer"));
		this.workers = Executors
			.newCachedThreadPool(SecretsManagerEmulator.daemonThreads("secrets-manager-emulator-rotation"));
	}

	void register(String lambdaArn, RotationFunction function) {
		this.functions.put(lambdaArn, function);
	}

	Optional<RotationFunction> function(String lambdaArn) {
		return Optional.ofNullable(this.functions.get(lambdaArn));
	}

	/** Whether a rotation of the secret with this token is still running. */
	boolean isRunning(String secretArn, String token) {
		return this.runs.stream()
			.anyMatch((run) -> run.secretArn().equals(secretArn) && run.token().equals(token) && run.isRunning());
	}

	/**
	 * Starts invoking the steps of {@code run}. Returns at once; called with the store
	 * locked, which the steps need, so no code of the rotation function runs on the
	 * calling thread.
	 */
	void start(RotationRun run) {
		this.runs.add(run);
		forgetOldest();
		try {
			this.workers.execute(() -> schedule(run, run.firstStep()));
		}
		catch (RejectedExecutionException ex) {
			run.end(RotationOutcome.Status.CANCELLED, null, null);
		}
	}

	/** Stops the running rotations of a secret: no further step is invoked. */
	void cancel(String secretArn) {
		for (RotationRun run : this.runs) {
			if (run.secretArn().equals(secretArn) && run.end(RotationOutcome.Status.CANCELLED, null, null)) {
				logger.debug("Cancelled rotation {} of {}", run.token(), secretArn);
			}
		}
	}

	/** Drops the oldest ended rotations beyond the history limit; running ones stay. */
	private void forgetOldest() {
		int excess = this.runs.size() - this.historyLimit;
		for (RotationRun run : this.runs) {
			if (excess <= 0) {
				return;
			}
			if (!run.isRunning() && this.runs.remove(run)) {
				excess--;
			}
		}
	}

	List<RotationOutcome> outcomes() {
		return this.runs.stream().map(RotationRun::outcome).toList();
	}

	/** Cancels every running rotation and forgets them all. */
	void clear() {
		this.runs.forEach((run) -> run.end(RotationOutcome.Status.CANCELLED, null, null));
		this.runs.clear();
	}

	void close() {
		clear();
		this.timer.shutdownNow();
		this.workers.shutdownNow();
	}

	private void schedule(RotationRun run, RotationStep step) {
		Duration pause;
		try {
			pause = run.function().pauseBefore(step);
		}
		catch (RuntimeException ex) {
			failed(run, step, ex);
			return;
		}
		Runnable invoke = () -> invoke(run, step);
		try {
			if (pause == null || pause.isZero() || pause.isNegative()) {
				this.workers.execute(invoke);
			}
			else {
				this.timer.schedule(() -> this.workers.execute(invoke), pause.toNanos(), TimeUnit.NANOSECONDS);
			}
		}
		catch (RejectedExecutionException ex) {
			// The emulator is closing; the rotation ends with it.
			run.end(RotationOutcome.Status.CANCELLED, null, null);
		}
	}

	private void invoke(RotationRun run, RotationStep step) {
		if (!run.isRunning()) {
			return;
		}
		run.stepStarting(step);
		logger.debug("Invoking {} of rotation {} of {}", step.wireName(), run.token(), run.secretArn());
		try {
			run.function().handle(new RotationEvent(run.secretArn(), run.token(), step), this.client.get());
		}
		catch (Throwable ex) {
			failed(run, step, ex);
			return;
		}
		run.stepCompleted(step);
		RotationStep next = run.stepAfter(step);
		if (next == null) {
			finished(run);
		}
		else if (run.isRunning()) {
			run.stepStarting(next);
			schedule(run, next);
		}
	}

	private void finished(RotationRun run) {
		if (run.kind() == RotationOutcome.Kind.CONFIGURATION_TEST) {
			removeTestVersionLabel(run);
			run.end(RotationOutcome.Status.SUCCEEDED, null, null);
			return;
		}
		boolean rotated = this.store.locked(() -> recordRotation(run));
		if (rotated) {
			run.end(RotationOutcome.Status.SUCCEEDED, null, null);
		}
		else if (run.end(RotationOutcome.Status.FAILED, RotationStep.FINISH_SECRET, NOT_FINISHED)) {
			logger.info("Rotation {} of {} ended without AWSCURRENT on its version", run.token(), run.secretArn());
		}
	}

	/**
	 * A rotation is complete once AWSCURRENT is on its version: the secret records when,
	 * and schedules the next rotation from then.
	 */
	private boolean recordRotation(RotationRun run) {
		StoredSecret secret = this.store.find(run.secretArn()).orElse(null);
		if (secret == null || !run.isRunning()) {
			return false;
		}
		boolean current = secret.version(run.token())
			.map((version) -> version.stages().contains(StoredSecret.AWSCURRENT))
			.orElse(false);
		if (current) {
			if (run.function().pendingLabelAfterFinish() == PendingLabelAfterFinish.REMOVED) {
				secret.version(run.token()).ifPresent((version) -> version.stages().remove(StoredSecret.AWSPENDING));
			}
			secret.lastRotatedDate(this.store.now());
			if (secret.rotationEnabled() && secret.rotationRules() != null) {
				secret.nextRotationDate(RotationSchedule.of(secret.rotationRules()).nextRotationDate(this.store.now()));
			}
		}
		return current;
	}

	private void failed(RotationRun run, RotationStep step, Throwable ex) {
		String errorType = errorType(ex);
		// Only the type: messages of a failed step can carry credentials.
		logger.info("Rotation {} of {} failed at {}: {}", run.token(), run.secretArn(), step.wireName(), errorType);
		if (run.kind() == RotationOutcome.Kind.CONFIGURATION_TEST) {
			removeTestVersionLabel(run);
		}
		run.end(RotationOutcome.Status.FAILED, step, errorType);
	}

	/**
	 * The AWSPENDING version of a configuration test is removed again, whatever the
	 * outcome.
	 */
	private void removeTestVersionLabel(RotationRun run) {
		this.store.locked(() -> {
			if (run.isRunning()) {
				this.store.find(run.secretArn())
					.flatMap((secret) -> secret.version(run.token()))
					.filter((version) -> !version.stages().contains(StoredSecret.AWSCURRENT))
					.ifPresent((version) -> version.stages().remove(StoredSecret.AWSPENDING));
			}
			return null;
		});
	}

	private static String errorType(Throwable ex) {
		if (ex instanceof AwsServiceException serviceException && serviceException.awsErrorDetails() != null
				&& serviceException.awsErrorDetails().errorCode() != null) {
			return serviceException.awsErrorDetails().errorCode();
		}
		String name = ex.getClass().getSimpleName();
		return name.isEmpty() ? ex.getClass().getName() : name;
	}

}
