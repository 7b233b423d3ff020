package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretImport;
import org.jspecify.annotations.Nullable;

/**
 * What is fetched for an import: imports of the same secret and version share one
 * request.
 *
 * @author secrets-spring-boot
 */
record FetchKey(String secretId, @Nullable String versionId, @Nullable String versionStage) {

	static FetchKey of(SecretImport secretImport) {
		return new FetchKey(secretImport.getSecretId(), secretImport.getOptions().versionId(),
				secretImport.isPinned() ? secretImport.getOptions().versionStage() : null);
	}

	boolean isPinned() {
		return this.versionId != null || this.versionStage != null;
	}

}
