package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretImport;
import io.github.secretsspringboot.core.SecretPropertyMapper;
import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.core.SecretValue;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the property source of an import as the loader would, for tests of beans that
 * work on imported secrets without running config data loading.
 */
public final class SecretPropertySources {

	private SecretPropertySources() {
	}

	/** Loads the secret of a single {@code aws-secret:} import. */
	public static SecretPropertySource load(SecretsManagerClient client, String configImport) {
		SecretImport secretImport = SecretImport.parse(configImport, false).get(0);
		SecretValue value = SecretValue
			.of(client.getSecretValue((request) -> request.secretId(secretImport.getSecretId())
				.versionId(secretImport.getOptions().versionId())
				.versionStage(secretImport.getOptions().versionStage())));
		return new SecretPropertySource(secretImport, value, SecretPropertyMapper.map(secretImport, value));
	}

	/**
	 * The place of an optional import whose secret could not be loaded, as the loader
	 * leaves it.
	 */
	public static SecretPropertySource notLoaded(String configImport) {
		return SecretPropertySource.notLoaded(SecretImport.parse(configImport, true).get(0));
	}

}
