package io.github.secretsspringboot.refresh;

import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;

/**
 * Tells Spring Cloud Context of changed secrets: {@code @ConfigurationProperties} beans
 * rebind (each on its own, only when its new values bind: see
 * {@link ConfigurationPropertiesRebinding}), an {@link EnvironmentChangeEvent} with the
 * changed property names reaches its other listeners, and, when enabled,
 * {@code @RefreshScope} beans are refreshed. Nothing here throws: a bean that cannot
 * rebind is logged and the rest goes on. Called by the refresher right after the pools
 * take new credentials and before {@link SecretsChangedEvent} is published, so that the
 * application's listeners see rebound beans.
 *
 * @author secrets-spring-boot
 */
final class SpringCloudRefreshBridge implements SecretChangeReaction, Ordered {

	private static final Log logger = LogFactory.getLog(SpringCloudRefreshBridge.class);

	private final ApplicationContext applicationContext;

	private final ObjectProvider<ConfigurationPropertiesRebinder> rebinder;

	private final ObjectProvider<RefreshScope> refreshScope;

	private final boolean refreshScopeEnabled;

	SpringCloudRefreshBridge(ApplicationContext applicationContext,
			ObjectProvider<ConfigurationPropertiesRebinder> rebinder, ObjectProvider<RefreshScope> refreshScope,
			boolean refreshScopeEnabled) {
		this.applicationContext = applicationContext;
		this.rebinder = rebinder;
		this.refreshScope = refreshScope;
		this.refreshScopeEnabled = refreshScopeEnabled;
	}

	@Override
	public void secretsChanged(SecretsChangedEvent event) {
		secretsChanged(event.getChangedPropertyNames());
	}

	/**
	 * Rebinds, tells and refreshes after the given properties changed.
	 * @param keys the names of the changed properties
	 * @return the names of the {@code @ConfigurationProperties} beans that kept their
	 * previous values because their new ones do not bind
	 */
	List<String> secretsChanged(Set<String> keys) {
		if (keys.isEmpty()) {
			return List.of();
		}
		ConfigurationPropertiesRebinder rebinder = this.rebinder.getIfAvailable();
		List<String> kept = (rebinder != null)
				? new ConfigurationPropertiesRebinding(this.applicationContext, rebinder).rebind() : List.of();
		try {
			// Spring Cloud's rebinder acts on events whose source is its application
			// context:
			// with another source it leaves the beans, already rebound above, alone.
			this.applicationContext.publishEvent(new EnvironmentChangeEvent(this, keys));
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of EnvironmentChangeEvent failed (" + ex.getClass().getName()
					+ "); the new values are in force all the same");
		}
		if (this.refreshScopeEnabled) {
			this.refreshScope.ifAvailable(RefreshScope::refreshAll);
		}
		return kept;
	}

	@Override
	public int getOrder() {
		// Right after the pools take new credentials, before the application's own
		// listeners.
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

}
