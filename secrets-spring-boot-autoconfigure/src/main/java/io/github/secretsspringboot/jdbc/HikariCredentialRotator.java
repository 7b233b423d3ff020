package io.github.secretsspringboot.jdbc;

import java.util.List;

import io.github.secretsspringboot.refresh.SecretChange;
import io.github.secretsspringboot.refresh.SecretsChangedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Gives a pool new credentials when the secret that holds them changes. First of all
 * listeners of the event: Spring stops calling listeners at the first one that throws, and an
 * application's listener must not be able to keep a pool on credentials that rotation will
 * invalidate.
 *
 * @author secrets-spring-boot
 */
final class HikariCredentialRotator implements ApplicationListener<SecretsChangedEvent>, Ordered {

	private static final Log logger = LogFactory.getLog(HikariCredentialRotator.class);

	private final SecretsDataSourceState state;

	HikariCredentialRotator(SecretsDataSourceState state) {
		this.state = state;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void onApplicationEvent(SecretsChangedEvent event) {
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
