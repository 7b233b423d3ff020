package io.github.secretsspringboot.jdbc;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.core.SecretValue;
import io.github.secretsspringboot.refresh.SecretChange;
import io.github.secretsspringboot.refresh.SecretChangeReaction;
import io.github.secretsspringboot.refresh.SecretsChangedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

/**
 * Gives a pool new credentials when the secret that holds them changes, and refuses a new
 * version that would leave a pool without a username or password. The first reaction the
 * refresher runs, before Spring Cloud's and before the application hears of the change:
 * no listener, and no event multicaster, can keep a pool on credentials that rotation
 * will invalidate.
 *
 * @author secrets-spring-boot
 */
final class HikariCredentialRotator implements SecretChangeReaction, Ordered {

	private static final Log logger = LogFactory.getLog(HikariCredentialRotator.class);

	/**
	 * Ahead of the starter's other reactions, with room before it for a reaction that
	 * must see the old pool.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	private final SecretsDataSourceState state;

	HikariCredentialRotator(SecretsDataSourceState state) {
		this.state = state;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public @Nullable String rejectionOf(SecretPropertySource inForce, SecretValue version,
			Map<String, Object> properties) {
		for (RotatingPool pool : this.state.pools()) {
			Optional<String> lost = pool.source().lostBy(inForce, version, properties);
			if (lost.isPresent()) {
				return "DataSource '" + pool.beanName() + "' takes its credentials from it and it lacks " + lost.get()
						+ "; the pool keeps its last complete credentials";
			}
		}
		return null;
	}

	@Override
	public void secretsChanged(SecretsChangedEvent event) {
		for (RotatingPool pool : this.state.pools()) {
			List<SecretChange> changes = event.getChanges().stream().filter(pool.source()::isChangedBy).toList();
			if (changes.isEmpty()) {
				continue;
			}
			try {
				pool.secretChanged(changes.get(changes.size() - 1).versionId());
			}
			catch (RuntimeException ex) {
				logger.warn("DataSource '" + pool.beanName() + "' could not take the new credentials of "
						+ pool.source() + "; it keeps the previous ones", ex);
			}
		}
	}

}
