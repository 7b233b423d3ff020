package io.github.secretsspringboot.refresh;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.secretsspringboot.core.LiveSecretImports;
import io.github.secretsspringboot.core.SecretImport;
import io.github.secretsspringboot.core.SecretPropertySource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySources;

/**
 * Answers config data processed again for the running application (Spring Cloud's
 * {@code ContextRefresher}) with the application's own property sources, after a forced
 * refresh of their secrets: when {@code /actuator/refresh} returns, a new version is in
 * the environment, the pools use it and the application was told, exactly as after a
 * periodic check; a version the refresher rejects is not applied on this path either.
 * Every refreshed secret is checked once per processing, in one cycle, and read after the
 * request: the {@code forced-refresh-min-spacing} that keeps rejected logins from
 * flooding Secrets Manager does not make an explicit refresh answer with an earlier
 * result.
 *
 * @author secrets-spring-boot
 */
final class RefresherLiveImports implements LiveSecretImports {

	private static final Log logger = LogFactory.getLog(RefresherLiveImports.class);

	private final SecretsRefresher refresher;

	private final SecretRefreshRegistry registry;

	private final PropertySources propertySources;

	private final Duration timeout;

	/**
	 * @param timeout the longest to wait for a secret's check, which may first wait for a
	 * periodic check in flight
	 */
	RefresherLiveImports(SecretsRefresher refresher, SecretRefreshRegistry registry, PropertySources propertySources,
			Duration timeout) {
		this.refresher = refresher;
		this.registry = registry;
		this.propertySources = propertySources;
		this.timeout = timeout;
	}

	@Override
	public Refresh refresh() {
		Map<TrackedSecret, CompletableFuture<RefreshResult>> checks = this.refresher
			.refreshAllAfterNow(RefreshCause.REQUEST);
		return (secretImport) -> reload(secretImport, checks);
	}

	private Optional<SecretPropertySource> reload(SecretImport secretImport,
			Map<TrackedSecret, CompletableFuture<RefreshResult>> checks) {
		PropertySource<?> source = this.propertySources.get(secretImport.describe());
		if (!(source instanceof SecretPropertySource live)) {
			return Optional.empty();
		}
		// Imports pinned to a version id are not refreshed: their version never changes.
		this.registry.find(secretImport.getSecretId())
			.map(checks::get)
			.ifPresent((check) -> await(check, secretImport, live));
		return Optional.of(live);
	}

	private void await(CompletableFuture<RefreshResult> check, SecretImport secretImport, SecretPropertySource live) {
		try {
			check.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			logger.warn("Could not refresh secret '" + secretImport.getSecretId() + "' for the refresh of the "
					+ "application's configuration; '" + live.getName() + "' keeps the values of version "
					+ ((live.getVersion() != null) ? live.getVersion().versionId() : "none") + " (" + cause + ")");
		}
	}

}
