package io.github.secretsspringboot.refresh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.github.secretsspringboot.core.SecretPropertySource;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * The imported secrets that are refreshed, with the state of each, for health checks,
 * endpoints and metrics. Every imported secret is refreshed except those pinned to a
 * version id, which never change; an import of a staging label follows that label.
 * Imports of one secret (by name, full or partial ARN, with different options) are one
 * tracked secret, checked with one request. An optional import that could not be loaded
 * at startup is refreshed too: it is loaded once its secret can be read.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public final class SecretRefreshRegistry {

	private final List<TrackedSecret> secrets;

	private final AtomicLong cycles = new AtomicLong();

	SecretRefreshRegistry(List<TrackedSecret> secrets) {
		this.secrets = List.copyOf(secrets);
	}

	/** Finds the imported secrets in the environment's property sources. */
	static SecretRefreshRegistry of(ConfigurableEnvironment environment) {
		MutablePropertySources propertySources = environment.getPropertySources();
		Map<String, List<TrackedImport>> imports = new LinkedHashMap<>();
		for (PropertySource<?> source : propertySources) {
			if (source instanceof SecretPropertySource secretSource
					&& secretSource.getSecretImport().getOptions().versionId() == null) {
				imports.computeIfAbsent(identity(secretSource), (id) -> new ArrayList<>())
					.add(new TrackedImport(secretSource, propertySources));
			}
		}
		List<TrackedSecret> secrets = new ArrayList<>();
		imports.values()
			.forEach((tracked) -> secrets.add(new TrackedSecret(tracked.get(0).secretImport().getSecretId(), tracked)));
		return new SecretRefreshRegistry(secrets);
	}

	/**
	 * What tells one secret from another: the ARN Secrets Manager answered with, whatever
	 * id the import used; the id as imported for an import that was never loaded.
	 */
	// A loaded source holds a version.
	@SuppressWarnings("NullAway")
	private static String identity(SecretPropertySource source) {
		return source.isLoaded() ? source.getVersion().arn() : source.getSecretImport().getSecretId();
	}

	/** The state of every refreshed import. */
	public List<SecretRefreshState> getStates() {
		return this.secrets.stream().flatMap((secret) -> secret.snapshot().stream()).toList();
	}

	/**
	 * The state of the imports of one secret.
	 * @param secretId the secret's id as imported, its name, ARN or partial ARN
	 * @return the states, empty when the secret is not refreshed
	 */
	public List<SecretRefreshState> getStates(String secretId) {
		return find(secretId).map(TrackedSecret::snapshot).orElse(List.of());
	}

	/** Refresh cycles completed, periodic and forced. */
	public long getCycles() {
		return this.cycles.get();
	}

	/** Whether no imported secret is refreshed. */
	public boolean isEmpty() {
		return this.secrets.isEmpty();
	}

	List<TrackedSecret> secrets() {
		return this.secrets;
	}

	Optional<TrackedSecret> find(String secretId) {
		return this.secrets.stream().filter((secret) -> secret.isNamedBy(secretId)).findFirst();
	}

	void cycleCompleted() {
		this.cycles.incrementAndGet();
	}

}
