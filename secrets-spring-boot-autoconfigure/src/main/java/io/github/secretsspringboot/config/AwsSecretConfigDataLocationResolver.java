package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretImport;
import java.util.Collections;
import java.util.List;

import io.github.secretsspringboot.client.AwsSecretsProperties;
import io.github.secretsspringboot.client.BootstrapSecretsManagerClient;
import io.github.secretsspringboot.client.SecretsManagerClientWarmUp;
import io.github.secretsspringboot.core.LiveSecretImports;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.bootstrap.BootstrapContextClosedEvent;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.config.Profiles;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;

/**
 * Resolves {@code aws-secret:} imports into one resource per secret and queues them for
 * loading together. Registers the bootstrap Secrets Manager client on first use.
 *
 * @author secrets-spring-boot
 */
class AwsSecretConfigDataLocationResolver implements ConfigDataLocationResolver<AwsSecretConfigDataResource> {

	private final Log logger;

	public AwsSecretConfigDataLocationResolver(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(AwsSecretConfigDataLocationResolver.class);
	}

	@Override
	public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
		return location.hasPrefix(SecretImport.PREFIX);
	}

	/**
	 * Resolves nothing: imports are resolved once the profiles are known, see
	 * {@link #resolveProfileSpecific}.
	 */
	@Override
	public List<AwsSecretConfigDataResource> resolve(ConfigDataLocationResolverContext context,
			ConfigDataLocation location) {
		return Collections.emptyList();
	}

	/**
	 * Resolves the import once the profiles are known, so that {@code aws.secrets.*} set
	 * in documents activated by a profile apply to it, and fails when a profile-specific
	 * file that Spring Boot reads only later sets them differently.
	 */
	@Override
	// batch() registers the client.
	@SuppressWarnings("NullAway")
	public List<AwsSecretConfigDataResource> resolveProfileSpecific(ConfigDataLocationResolverContext context,
			ConfigDataLocation location, Profiles profiles) {
		ProfileSpecificSettings.check(context, location, profiles);
		AwsSecretsProperties properties = bind(context.getBinder());
		record(context.getBootstrapContext(), location, ImportSettings.of(context.getBinder()));
		if (properties.isEnabled()) {
			// Before the imports are parsed and the client is built: the warm-up may be
			// near its end.
			SecretsManagerClientWarmUp warmUp = context.getBootstrapContext()
				.getOrElse(SecretsManagerClientWarmUp.class, null);
			if (warmUp != null) {
				warmUp.endpointKnown(properties.getEndpoint());
			}
		}
		List<AwsSecretConfigDataResource> resources = SecretImport.parse(location.getValue(), location.isOptional())
			.stream()
			.map((secretImport) -> new AwsSecretConfigDataResource(secretImport, properties.isEnabled()))
			.toList();
		if (properties.isEnabled()) {
			batch(context.getBootstrapContext(), properties).add(resources);
			context.getBootstrapContext().get(BootstrapSecretsManagerClient.class).prepareInBackground();
		}
		else {
			this.logger.debug("Not loading '" + location + "': aws.secrets.enabled is false");
		}
		return resources;
	}

	/**
	 * Keeps the settings the import is loaded with for {@link ImportSettingsCheck},
	 * unless config data is processed again for a running application, whose imports keep
	 * their client.
	 */
	// Registered just before.
	@SuppressWarnings("NullAway")
	private static void record(ConfigurableBootstrapContext bootstrap, ConfigDataLocation location,
			ImportSettings settings) {
		if (bootstrap.isRegistered(LiveSecretImports.class)) {
			return;
		}
		bootstrap.registerIfAbsent(ImportSettingsSeen.class, InstanceSupplier.of(new ImportSettingsSeen()));
		bootstrap.get(ImportSettingsSeen.class).resolved(location.toString(), settings);
	}

	// Registered just before, with suppliers of instances.
	@SuppressWarnings("NullAway")
	private SecretLoadBatch batch(ConfigurableBootstrapContext bootstrap, AwsSecretsProperties properties) {
		if (!bootstrap.isRegistered(BootstrapSecretsManagerClient.class)) {
			BootstrapSecretsManagerClient client = new BootstrapSecretsManagerClient(bootstrap, properties);
			bootstrap.register(BootstrapSecretsManagerClient.class, InstanceSupplier.of(client));
			bootstrap.addCloseListener(client::promote);
		}
		if (!bootstrap.isRegistered(SecretLoadReport.class)) {
			SecretLoadReport report = new SecretLoadReport();
			bootstrap.register(SecretLoadReport.class, InstanceSupplier.of(report));
			bootstrap.addCloseListener((event) -> promote(report, event));
		}
		if (!bootstrap.isRegistered(SecretLoadBatch.class)) {
			bootstrap.register(SecretLoadBatch.class,
					InstanceSupplier.of(new SecretLoadBatch(bootstrap.get(BootstrapSecretsManagerClient.class),
							bootstrap.get(SecretLoadReport.class), this.logger)));
		}
		return bootstrap.get(SecretLoadBatch.class);
	}

	/**
	 * Makes the report a bean of the application context, for health checks, endpoints
	 * and metrics.
	 */
	private static void promote(SecretLoadReport report, BootstrapContextClosedEvent event) {
		ConfigurableListableBeanFactory beanFactory = event.getApplicationContext().getBeanFactory();
		if (!beanFactory.containsBean(SecretLoadReport.BEAN_NAME)) {
			beanFactory.registerSingleton(SecretLoadReport.BEAN_NAME, report);
		}
	}

	private static AwsSecretsProperties bind(Binder binder) {
		return binder.bind(AwsSecretsProperties.PREFIX, AwsSecretsProperties.class)
			.orElseGet(AwsSecretsProperties::new);
	}

}
