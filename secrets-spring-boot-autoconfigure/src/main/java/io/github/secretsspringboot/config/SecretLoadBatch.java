package io.github.secretsspringboot.config;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.secretsspringboot.client.AwsSecretsProperties;
import io.github.secretsspringboot.client.BootstrapSecretsManagerClient;
import io.github.secretsspringboot.config.SecretFetcher.FetchOutcome;
import io.github.secretsspringboot.core.SecretImportException;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Collects every {@code aws-secret:} import resolved in one config-data phase and fetches
 * them together the first time one is loaded: Spring resolves all locations of an import
 * list before it loads any, so the first load sees them all.
 *
 * @author secrets-spring-boot
 */
final class SecretLoadBatch {

	private static final int MAX_PARALLEL_REQUESTS = 8;

	private final BootstrapSecretsManagerClient client;

	private final Log logger;

	private final SecretLoadReport report;

	private final Set<AwsSecretConfigDataResource> pending = new LinkedHashSet<>();

	private final Map<FetchKey, FetchOutcome> fetched = new LinkedHashMap<>();

	private final Set<AwsSecretConfigDataResource> missing = new HashSet<>();

	private @Nullable Round round;

	SecretLoadBatch(BootstrapSecretsManagerClient client, SecretLoadReport report, Log logger) {
		this.client = client;
		this.report = report;
		this.logger = logger;
	}

	/** What loading did, filled as imports load. */
	SecretLoadReport report() {
		return this.report;
	}

	AwsSecretsProperties properties() {
		return this.client.properties();
	}

	synchronized void add(List<AwsSecretConfigDataResource> resources) {
		this.pending.addAll(resources);
	}

	/**
	 * The fetched version for the resource, fetching every pending import first if
	 * needed.
	 */
	synchronized @Nullable FetchOutcome outcome(AwsSecretConfigDataResource resource) {
		FetchKey key = FetchKey.of(resource.getSecretImport());
		if (!this.fetched.containsKey(key)) {
			this.pending.add(resource);
			fetchPending();
		}
		return this.fetched.get(key);
	}

	/**
	 * Whether the resource is found missing for the first time. Spring loads a resource
	 * that was not found again in each later phase (after profiles are activated), where
	 * one that loaded is kept: the missing one must be told of once, as every other
	 * skipped import.
	 */
	synchronized boolean firstMiss(AwsSecretConfigDataResource resource) {
		return this.missing.add(resource);
	}

	/**
	 * Records that a resource became {@code properties} properties; logs once a round is
	 * done.
	 */
	synchronized void loaded(AwsSecretConfigDataResource resource, int properties) {
		if (this.round != null && this.round.loaded(resource, properties)) {
			this.logger.info(this.round.summary());
			this.round = null;
		}
	}

	private void fetchPending() {
		Set<FetchKey> keys = new LinkedHashSet<>();
		this.pending.forEach((resource) -> keys.add(FetchKey.of(resource.getSecretImport())));
		keys.removeAll(this.fetched.keySet());
		long start = System.nanoTime();
		ExecutorService executor = Executors.newFixedThreadPool(Math.min(MAX_PARALLEL_REQUESTS, keys.size()),
				(runnable) -> {
					Thread thread = new Thread(runnable, "aws-secret-loader");
					thread.setDaemon(true);
					return thread;
				});
		try {
			StartupRetries retries = new StartupRetries(executor,
					Instant.now().plus(this.client.properties().getStartupTimeout()));
			SecretFetcher fetcher = new SecretFetcher(client(keys), retries,
					this.client.properties().getApiCallTimeout(), this.logger);
			this.fetched.putAll(fetcher.fetchAll(keys));
			long nanos = System.nanoTime() - start;
			this.report.fetched(fetcher.requests(), Duration.ofNanos(nanos));
			this.round = new Round(Set.copyOf(this.pending), fetcher.requests(), nanos / 1_000_000);
			this.pending.clear();
		}
		finally {
			executor.shutdownNow();
		}
	}

	/**
	 * The client, or the import failure of the first secret when it cannot be built (no
	 * region, for example).
	 */
	private SecretsManagerClient client(Set<FetchKey> keys) {
		try {
			return this.client.get();
		}
		catch (SdkClientException ex) {
			throw ImportFailures.clientNotBuilt(keys.iterator().next().secretId(), this.client.properties(), ex);
		}
	}

	/**
	 * One fetch of many secrets and the loads that follow it, for the startup log line.
	 */
	private static final class Round {

		private final Set<AwsSecretConfigDataResource> resources;

		private final Set<AwsSecretConfigDataResource> loaded = new LinkedHashSet<>();

		private final int requests;

		private final long millis;

		private final AtomicInteger properties = new AtomicInteger();

		private int secrets;

		Round(Set<AwsSecretConfigDataResource> resources, int requests, long millis) {
			this.resources = resources;
			this.requests = requests;
			this.millis = millis;
		}

		boolean loaded(AwsSecretConfigDataResource resource, int count) {
			if (this.resources.contains(resource) && this.loaded.add(resource)) {
				this.properties.addAndGet(count);
				this.secrets += (count > 0) ? 1 : 0;
			}
			return this.loaded.containsAll(this.resources);
		}

		String summary() {
			return "Loaded " + this.secrets + " secret" + ((this.secrets == 1) ? "" : "s") + " (" + this.properties
					+ " properties) from AWS Secrets Manager in " + this.requests + " request"
					+ ((this.requests == 1) ? "" : "s") + " and " + this.millis + " ms";
		}

	}

}
