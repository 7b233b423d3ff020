package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretImport;
import io.github.secretsspringboot.core.SecretValue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What loading the imported secrets at startup did: which imports were loaded and which
 * were skipped and why, in how many requests and how much time. Filled while secrets
 * load, before the application context exists, then registered as the bean
 * {@value #BEAN_NAME} so that health checks, endpoints and metrics can tell an import
 * that never loaded from one that did. Holds no value: kinds of failure, never messages.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public final class SecretLoadReport {

	/** Name of the bean the report becomes in the application context. */
	public static final String BEAN_NAME = "awsSecretLoadReport";

	private final Map<SecretImport, ImportLoad> imports = new LinkedHashMap<>();

	private int requests;

	private Duration duration = Duration.ZERO;

	SecretLoadReport() {
	}

	/** Every import met at startup, loaded or not, in the order they were loaded. */
	public synchronized List<ImportLoad> getImports() {
		return List.copyOf(this.imports.values());
	}

	/** The imports that were loaded. */
	public synchronized List<ImportLoad> getLoaded() {
		return this.imports.values().stream().filter(ImportLoad::isLoaded).toList();
	}

	/**
	 * The imports that were not loaded: optional ones that failed, or required ones
	 * Spring was told to ignore.
	 */
	public synchronized List<ImportLoad> getSkipped() {
		return this.imports.values().stream().filter((load) -> !load.isLoaded()).toList();
	}

	/** Requests sent to Secrets Manager while loading, retries included. */
	public synchronized int getRequests() {
		return this.requests;
	}

	/** Time spent fetching the secrets, all rounds together. */
	public synchronized Duration getDuration() {
		return this.duration;
	}

	/** The number of properties made from the loaded imports. */
	public synchronized int getProperties() {
		return this.imports.values().stream().mapToInt(ImportLoad::properties).sum();
	}

	synchronized void fetched(int requests, Duration duration) {
		this.requests += requests;
		this.duration = this.duration.plus(duration);
	}

	synchronized void loaded(SecretImport secretImport, SecretValue version, int properties) {
		this.imports.put(secretImport,
				new ImportLoad(secretImport, version.arn(), version.versionId(), properties, null, Instant.now()));
	}

	synchronized void skipped(SecretImport secretImport, SecretErrorKind failure) {
		this.imports.put(secretImport, new ImportLoad(secretImport, null, null, 0, failure, Instant.now()));
	}

	@Override
	public synchronized String toString() {
		return "SecretLoadReport[loaded=" + getLoaded().size() + ", skipped=" + getSkipped().size() + ", requests="
				+ this.requests + ", duration=" + this.duration + "]";
	}

	/**
	 * What became of one import.
	 *
	 * @param secretImport the import
	 * @param arn the secret's ARN, or {@code null} when it was not loaded
	 * @param versionId the version loaded, or {@code null} when it was not loaded
	 * @param properties the number of properties made from it
	 * @param failure why it was not loaded, or {@code null} when it was
	 * @param at when it was loaded or skipped
	 */
	public record ImportLoad(SecretImport secretImport, @Nullable String arn, @Nullable String versionId,
			int properties, @Nullable SecretErrorKind failure, Instant at) {

		public boolean isLoaded() {
			return this.failure == null;
		}

	}

}
