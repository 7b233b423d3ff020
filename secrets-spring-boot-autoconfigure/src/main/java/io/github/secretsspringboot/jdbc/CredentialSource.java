package io.github.secretsspringboot.jdbc;

import java.util.Map;
import java.util.Optional;

import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.core.SecretValue;
import io.github.secretsspringboot.refresh.SecretChange;

/**
 * Where a pool's credentials come from: one imported secret, read through the environment
 * or straight from the secret's JSON.
 *
 * @author secrets-spring-boot
 */
interface CredentialSource {

	/** The secret as named in its import, for forced refreshes and staged lookups. */
	String secretId();

	/** Whether a change of an import concerns these credentials. */
	boolean isChangedBy(SecretChange change);

	/**
	 * The credentials in force now, as the environment holds them; empty when they cannot
	 * be read.
	 */
	Optional<DatabaseCredentials> current();

	/**
	 * The credentials another version of the secret holds, as it would be imported; empty
	 * when it cannot be read as such. Never throws with the value in its message.
	 */
	Optional<DatabaseCredentials> of(SecretValue version);

	/**
	 * What the credentials would lose if {@code version} replaced the version in force of
	 * an import: the property or key that the version in force supplies and the new one
	 * does not. Empty when the import does not concern these credentials or loses
	 * nothing.
	 * @param inForce the import's property source, still holding the version in force
	 * @param version the new version
	 * @param properties the properties the new version maps to
	 */
	Optional<String> lostBy(SecretPropertySource inForce, SecretValue version, Map<String, Object> properties);

}
