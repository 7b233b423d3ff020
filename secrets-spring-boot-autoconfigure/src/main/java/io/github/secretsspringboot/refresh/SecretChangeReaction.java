package io.github.secretsspringboot.refresh;

import java.util.Map;

import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.core.SecretValue;
import org.jspecify.annotations.Nullable;

/**
 * A reaction of the starter to a new version of an imported secret, which the refresher
 * calls itself, in order, as soon as the version is in the environment: the pools'
 * credential swap first, then Spring Cloud's rebinding, and only then the
 * {@link SecretsChangedEvent} for the application. Called directly rather than as event
 * listeners, so that neither the application's listeners nor its event multicaster
 * (asynchronous, or stopping at a listener that throws) can hold a pool on credentials
 * that a rotation invalidates.
 * <p>
 * Public only because the reactions live in other packages of the starter; applications
 * listen to {@link SecretsChangedEvent} instead.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public interface SecretChangeReaction {

	/**
	 * Checks a new version of an import before anything of it is applied.
	 * @param inForce the import's property source, still holding the version in force
	 * (none for the first version of an optional import that could not be loaded at
	 * startup)
	 * @param version the new version
	 * @param properties the properties the new version maps to
	 * @return why the version cannot be put in force, in words that never hold a value,
	 * or {@code null} when it can
	 */
	default @Nullable String rejectionOf(SecretPropertySource inForce, SecretValue version,
			Map<String, Object> properties) {
		return null;
	}

	/**
	 * Reacts to new versions now in the environment. Called on the refresher's thread,
	 * before the check of the secret completes: a forced refresh returns after every
	 * reaction.
	 * @param event the changes, as the application is told of them next
	 */
	void secretsChanged(SecretsChangedEvent event);

}
