package io.github.secretsspringboot.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.bootstrap.BootstrapContextClosedEvent;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The {@link SecretsManagerClient} that loads the imports: created on first use (or taken
 * from the bootstrap registry when the user registered one), then handed to the
 * application context when the bootstrap context closes, as the
 * {@value #IMPORT_CLIENT_BEAN_NAME} bean (this holder, not a client, so that it is never
 * a second candidate for the application's own {@code SecretsManagerClient} injection
 * points). Refresh reads new versions through it, since only it has the endpoint, region
 * and credentials the imports were read with; it also becomes the {@value #BEAN_NAME}
 * bean unless the application defines its own client. Never created twice.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public final class BootstrapSecretsManagerClient {

	/**
	 * Name of the client bean of the application context, unless the application defines
	 * its own.
	 */
	public static final String BEAN_NAME = "awsSecretsManagerClient";

	/** Name of the bean this holder becomes in the application context. */
	public static final String IMPORT_CLIENT_BEAN_NAME = "awsSecretsImportClient";

	/**
	 * Name of the bootstrap context of the start, kept as a bean when Spring Cloud
	 * Context is present and keeps none itself.
	 */
	public static final String BOOTSTRAP_CONTEXT_BEAN_NAME = "awsSecretsBootstrapContext";

	private static final boolean SPRING_CLOUD_CONTEXT_PRESENT = ClassUtils.isPresent(
			"org.springframework.cloud.context.refresh.ContextRefresher",
			BootstrapSecretsManagerClient.class.getClassLoader());

	private final ConfigurableBootstrapContext bootstrapContext;

	private final AwsSecretsProperties properties;

	private @Nullable SecretsManagerClient client;

	private @Nullable CompletableFuture<SecretsManagerClient> preparing;

	public BootstrapSecretsManagerClient(ConfigurableBootstrapContext bootstrapContext,
			AwsSecretsProperties properties) {
		this.bootstrapContext = bootstrapContext;
		this.properties = properties;
	}

	/**
	 * Starts building the client on another thread. Building an SDK client is mostly
	 * class loading, which takes the better part of a second on a cold JVM: started when
	 * the first import is resolved, it overlaps with Spring resolving the other imports
	 * and with the preparation of JSON parsing, instead of adding to them.
	 */
	// The preparing future is set before the thread starts.
	@SuppressWarnings("NullAway")
	public synchronized void prepareInBackground() {
		if (this.client != null || this.preparing != null) {
			return;
		}
		this.preparing = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				this.preparing.complete(resolve());
			}
			catch (Throwable ex) {
				this.preparing.completeExceptionally(ex);
			}
		}, "aws-secrets-client-setup");
		thread.setDaemon(true);
		thread.start();
	}

	public synchronized SecretsManagerClient get() {
		if (this.client == null) {
			this.client = (this.preparing != null) ? await(this.preparing) : resolve();
		}
		return this.client;
	}

	// Registered with a supplier of the client.
	@SuppressWarnings("NullAway")
	private SecretsManagerClient resolve() {
		return this.bootstrapContext.isRegistered(SecretsManagerClient.class)
				? this.bootstrapContext.get(SecretsManagerClient.class) : create();
	}

	private static SecretsManagerClient await(CompletableFuture<SecretsManagerClient> preparing) {
		try {
			return preparing.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : ex;
		}
	}

	public AwsSecretsProperties properties() {
		return this.properties;
	}

	private SecretsManagerClient create() {
		List<SecretsManagerClientCustomizer> customizers = new ArrayList<>();
		if (this.bootstrapContext.isRegistered(SecretsManagerClientCustomizer.class)) {
			customizers.add(this.bootstrapContext.get(SecretsManagerClientCustomizer.class));
		}
		return SecretsManagerClientFactory.create(this.properties, customizers);
	}

	/**
	 * Makes this holder, if a client was created, a bean of the application context, and
	 * the client the {@value #BEAN_NAME} bean once the bean definitions are known, unless
	 * the application defines a client of its own.
	 */
	public synchronized void promote(BootstrapContextClosedEvent event) {
		if (this.client == null && this.preparing != null && !this.preparing.isCompletedExceptionally()) {
			this.client = await(this.preparing);
		}
		if (this.client == null) {
			return;
		}
		ConfigurableApplicationContext context = event.getApplicationContext();
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		if (beanFactory.containsBean(IMPORT_CLIENT_BEAN_NAME)) {
			return;
		}
		SecretsManagerClient created = this.client;
		beanFactory.registerSingleton(IMPORT_CLIENT_BEAN_NAME, this);
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean(IMPORT_CLIENT_BEAN_NAME, created::close);
		}
		context.addBeanFactoryPostProcessor((factory) -> {
			if (factory.getBeanNamesForType(SecretsManagerClient.class, true, false).length == 0) {
				factory.registerSingleton(BEAN_NAME, created);
			}
			keepBootstrapContext(factory);
		});
	}

	/**
	 * Keeps the bootstrap context of the start as a bean, unless Spring Cloud keeps it
	 * already (its {@code bootstrapContext} bean), so that Spring Cloud's
	 * {@code ContextRefresher} processes config data again in it: with this client and
	 * the running application's imports. Without one, each refresh would build a
	 * bootstrap context that nobody closes, with a new client that nobody closes, and
	 * load every import anew.
	 */
	private void keepBootstrapContext(ConfigurableListableBeanFactory factory) {
		if (SPRING_CLOUD_CONTEXT_PRESENT
				&& factory.getBeanNamesForType(ConfigurableBootstrapContext.class, true, false).length == 0) {
			factory.registerSingleton(BOOTSTRAP_CONTEXT_BEAN_NAME, this.bootstrapContext);
		}
	}

}
