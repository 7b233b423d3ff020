package io.github.secretsspringboot.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.secretsspringboot.core.SecretValue;
import io.github.secretsspringboot.jdbc.StagedFallback.StagedCredentials;
import io.github.secretsspringboot.refresh.RefreshCause;
import io.github.secretsspringboot.refresh.RefreshResult;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.beans.factory.ObjectProvider;

/**
 * What a pool does when the database rejects its credentials: ask the refresher for the
 * secret's current version, and read a staged version's credentials to try for one
 * connection. Both are bounded by the time the connection has left.
 *
 * @author secrets-spring-boot
 */
final class CredentialRecovery {

	private static final Log logger = LogFactory.getLog(CredentialRecovery.class);

	/**
	 * The versions whose credentials are tried, in this order, when a login is rejected
	 * and the forced refresh brought no new generation. AWSCURRENT, read directly: the
	 * refresher may not run yet (startup), may answer with an earlier forced refresh's
	 * result (within the minimum spacing), or may have put the version in the Environment
	 * without the pool taking it; and a finished rotation may have left AWSPENDING on no
	 * version at all. Then AWSPENDING: a single-user rotation between setSecret and
	 * finishSecret, when the database already has the new password and AWSCURRENT still
	 * the old one.
	 */
	static final List<String> STAGES = List.of(StagedFallback.AWSCURRENT, StagedFallback.AWSPENDING);

	/** The shortest Secrets Manager call worth making. */
	private static final long MIN_CALL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final ObjectProvider<SecretsRefresher> refresher;

	private final ObjectProvider<SecretsManagerClient> client;

	CredentialRecovery(ObjectProvider<SecretsRefresher> refresher, ObjectProvider<SecretsManagerClient> client) {
		this.refresher = refresher;
		this.client = client;
	}

	/**
	 * Forces a refresh of the pool's secret and waits for it, at most
	 * {@code timeoutNanos}. A change reaches the pool through the SecretsChangedEvent the
	 * refresher publishes before the refresh completes. Does nothing when the refresher
	 * does not run yet (during startup) or does not refresh the secret.
	 */
	void refresh(RotatingPool pool, long timeoutNanos) throws InterruptedException {
		SecretsRefresher secretsRefresher = this.refresher.getIfAvailable();
		if (secretsRefresher == null || !secretsRefresher.isRunning() || timeoutNanos <= 0) {
			return;
		}
		pool.forcedRefresh();
		CompletableFuture<RefreshResult> result = secretsRefresher.refresh(pool.source().secretId(),
				RefreshCause.CREDENTIALS_REJECTED);
		try {
			result.get(timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException | CancellationException ex) {
			logger.debug("DataSource '" + pool.beanName() + "': the forced refresh of secret '"
					+ pool.source().secretId() + "' did not complete: " + ex.getClass().getSimpleName());
		}
		catch (TimeoutException ex) {
			// The staged versions are read with the time left.
		}
	}

	/**
	 * Has the refresher put in force {@code versionId}, the AWSCURRENT version that just
	 * logged in while the forced refresh answered without it, without waiting: the
	 * connection is ready, and the swap comes through the refresher's reactions. Does
	 * nothing when the refresher does not run yet or does not refresh the secret.
	 */
	void takeCurrent(RotatingPool pool, @Nullable String versionId) {
		SecretsRefresher secretsRefresher = this.refresher.getIfAvailable();
		if (secretsRefresher == null || !secretsRefresher.isRunning() || versionId == null) {
			return;
		}
		pool.forcedRefresh();
		secretsRefresher.refreshToCurrent(pool.source().secretId(), versionId, RefreshCause.CREDENTIALS_REJECTED)
			.whenComplete((result, failure) -> {
				if (failure != null) {
					logger.debug("DataSource '" + pool.beanName() + "': the refresh of secret '"
							+ pool.source().secretId() + "' to its AWSCURRENT version " + versionId
							+ " did not complete: " + failure.getClass().getSimpleName());
				}
			});
	}

	/**
	 * The credentials of the secret's version with {@code stage}, read with
	 * GetSecretValue; {@link StagedCredentials#NONE} when there is no such version, it
	 * has no value yet, holds no credentials, or Secrets Manager cannot be reached.
	 */
	StagedCredentials lookup(RotatingPool pool, String stage, long timeoutNanos) {
		SecretsManagerClient secretsManager = this.client.getIfAvailable();
		if (secretsManager == null || timeoutNanos < MIN_CALL_NANOS) {
			return StagedCredentials.NONE;
		}
		SecretValue version;
		try {
			version = SecretValue
				.of(secretsManager.getSecretValue((request) -> request.secretId(pool.source().secretId())
					.versionStage(stage)
					.overrideConfiguration((override) -> override.apiCallTimeout(Duration.ofNanos(timeoutNanos)))));
		}
		catch (SdkException ex) {
			// ResourceNotFoundException: no such version, or one without a value yet.
			logger.debug("DataSource '" + pool.beanName() + "': no usable " + stage + " version of secret '"
					+ pool.source().secretId() + "': " + ex.getClass().getSimpleName());
			return StagedCredentials.NONE;
		}
		Optional<DatabaseCredentials> credentials = pool.source().of(version);
		return credentials.map((found) -> new StagedCredentials(found, version.versionId()))
			.orElse(StagedCredentials.NONE);
	}

}
