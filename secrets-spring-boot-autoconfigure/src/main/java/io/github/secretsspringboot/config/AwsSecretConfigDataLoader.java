package io.github.secretsspringboot.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.secretsspringboot.config.SecretFetcher.FetchOutcome;
import io.github.secretsspringboot.core.LiveSecretImports;
import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretImport;
import io.github.secretsspringboot.core.SecretImportException;
import io.github.secretsspringboot.core.SecretPropertyMapper;
import io.github.secretsspringboot.core.SecretPropertySource;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.logging.DeferredLogFactory;

/**
 * Loads an imported secret as a {@link SecretPropertySource}. All imports of a phase are
 * fetched together on the first load (see {@link SecretLoadBatch}). When config data is
 * processed again for the running application, an import it holds comes from
 * {@link LiveSecretImports} instead.
 *
 * @author secrets-spring-boot
 */
class AwsSecretConfigDataLoader implements ConfigDataLoader<AwsSecretConfigDataResource> {

	private final Log logger;

	/**
	 * The refresh of the running application's imports, started by the first of them:
	 * Spring Boot creates the loaders anew for each processing of config data, so one per
	 * processing.
	 */
	private LiveSecretImports.@Nullable Refresh liveRefresh;

	public AwsSecretConfigDataLoader(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(AwsSecretConfigDataLoader.class);
	}

	@Override
	// The resolver registered the batch and queued the resource in it.
	@SuppressWarnings("NullAway")
	public ConfigData load(ConfigDataLoaderContext context, AwsSecretConfigDataResource resource) {
		if (!resource.isEnabled()) {
			return ConfigData.EMPTY;
		}
		SecretImport secretImport = resource.getSecretImport();
		if (context.getBootstrapContext().isRegistered(LiveSecretImports.class)) {
			// Config data processed again for a running application: the batch of the
			// start
			// holds the versions fetched then, and a copy of a live source would hide
			// changes.
			if (this.liveRefresh == null) {
				this.liveRefresh = context.getBootstrapContext().get(LiveSecretImports.class).refresh();
			}
			Optional<SecretPropertySource> live = this.liveRefresh.reload(secretImport);
			if (live.isPresent()) {
				return new ConfigData(List.of(live.get()));
			}
		}
		SecretLoadBatch batch = context.getBootstrapContext().get(SecretLoadBatch.class);
		FetchOutcome outcome = batch.outcome(resource);
		try {
			if (outcome.failure() != null) {
				if (SecretErrorKind.of(outcome.failure()) == SecretErrorKind.NOT_FOUND) {
					return notFound(resource, outcome.failure(), batch);
				}
				throw failure(resource, outcome.failure(), batch);
			}
			Map<String, Object> properties = SecretPropertyMapper.map(secretImport, outcome.value());
			batch.loaded(resource, properties.size());
			batch.report().loaded(secretImport, outcome.value(), properties.size());
			return new ConfigData(List.of(new SecretPropertySource(secretImport, outcome.value(), properties)));
		}
		catch (SecretImportException ex) {
			batch.loaded(resource, 0);
			batch.report().skipped(secretImport, ex.getKind());
			if (resource.getSecretImport().isOptional()) {
				this.logger.warn("Skipped optional secret '" + secretImport.getSecretId() + "': " + ex.getMessage());
				return notLoaded(secretImport);
			}
			throw ex;
		}
	}

	private RuntimeException failure(AwsSecretConfigDataResource resource, Throwable failure, SecretLoadBatch batch) {
		String secretId = resource.getSecretImport().getSecretId();
		return switch (SecretErrorKind.of(failure)) {
			// Told apart before: see notFound.
			case NOT_FOUND -> new ConfigDataResourceNotFoundException(resource, failure);
			case ACCESS_DENIED -> ImportFailures.accessDenied(secretId,
					resource.getSecretImport().isPinned() ? "GetSecretValue" : "BatchGetSecretValue/GetSecretValue",
					failure);
			case DECRYPTION_FAILURE -> ImportFailures.decryptionFailure(secretId, failure);
			case SCHEDULED_FOR_DELETION -> ImportFailures.scheduledForDeletion(secretId, failure);
			case THROTTLED, UNAVAILABLE -> ImportFailures.unavailable(secretId, batch.properties(), failure);
			default -> ImportFailures.requestFailed(secretId, failure);
		};
	}

	/**
	 * A missing optional secret is skipped; say so once, as for other skipped imports.
	 */
	private ConfigData notFound(AwsSecretConfigDataResource resource, Throwable failure, SecretLoadBatch batch) {
		batch.loaded(resource, 0);
		// Skipped unless Spring fails the start: optional, or
		// spring.config.on-not-found=ignore.
		batch.report().skipped(resource.getSecretImport(), SecretErrorKind.NOT_FOUND);
		if (resource.getSecretImport().isOptional() && batch.firstMiss(resource)) {
			this.logger
				.info("Skipped optional secret '" + resource.getSecretImport().getSecretId() + "': it does not exist");
		}
		if (resource.getSecretImport().isOptional()) {
			return notLoaded(resource.getSecretImport());
		}
		throw new ConfigDataResourceNotFoundException(resource, failure);
	}

	/**
	 * An optional import that failed keeps its place, empty, so that the refresher can
	 * load it once the secret can be read (created later, access granted, outage over)
	 * with the precedence it would have had. An import pinned to a version id is not
	 * refreshed: it is skipped as before.
	 */
	private static ConfigData notLoaded(SecretImport secretImport) {
		if (secretImport.getOptions().versionId() != null) {
			return ConfigData.EMPTY;
		}
		return new ConfigData(List.of(SecretPropertySource.notLoaded(secretImport)));
	}

}
