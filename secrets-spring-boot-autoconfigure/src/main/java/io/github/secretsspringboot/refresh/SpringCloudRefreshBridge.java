package io.github.secretsspringboot.refresh;

import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;

/**
 * Tells Spring Cloud Context of changed secrets: an {@link EnvironmentChangeEvent} with the
 * changed property names, on which {@code @ConfigurationProperties} beans rebind, and, when
 * enabled, a refresh of {@code @RefreshScope} beans. Called by the refresher right after the
 * pools take new credentials and before {@link SecretsChangedEvent} is published, so that the
 * application's listeners see rebound beans.
 *
 * @author secrets-spring-boot
 */
final class SpringCloudRefreshBridge implements SecretChangeReaction, Ordered {

	private final ApplicationContext applicationContext;

	private final ObjectProvider<RefreshScope> refreshScope;

	private final boolean refreshScopeEnabled;

	SpringCloudRefreshBridge(ApplicationContext applicationContext, ObjectProvider<RefreshScope> refreshScope,
			boolean refreshScopeEnabled) {
		this.applicationContext = applicationContext;
		this.refreshScope = refreshScope;
		this.refreshScopeEnabled = refreshScopeEnabled;
	}

	@Override
	public void secretsChanged(SecretsChangedEvent event) {
		Set<String> keys = event.getChangedPropertyNames();
		if (keys.isEmpty()) {
			return;
		}
		// Spring Cloud's rebinder only acts on events whose source is its application context.
		this.applicationContext.publishEvent(new EnvironmentChangeEvent(this.applicationContext, keys));
		if (this.refreshScopeEnabled) {
			this.refreshScope.ifAvailable(RefreshScope::refreshAll);
		}
	}

	@Override
	public int getOrder() {
		// Right after the pools take new credentials, before the application's own listeners.
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

}
