package io.github.secretsspringboot.config;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.secretsspringboot.client.BootstrapSecretsManagerClient;
import io.github.secretsspringboot.client.SecretsManagerClientCustomizer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.bootstrap.BootstrapContext;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one Secrets Manager client: supplied or customized by the user, and handed to the
 * application context.
 */
class BootstrapClientTests extends SecretImportTestSupport {

	@Test
	void userSuppliedClientIsUsedForImportsAndBecomesTheBean() {
		createSecret("prod/app/a", "{\"a\": \"1\"}");
		SecretsManagerClient supplied = emulator.newClient();
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addBootstrapRegistryInitializer(
				(registry) -> registry.register(SecretsManagerClient.class, InstanceSupplier.of(supplied)));
		try (ConfigurableApplicationContext context = application.run("--spring.config.import=aws-secret:prod/app/a")) {
			assertThat(context.getEnvironment().getProperty("a")).isEqualTo("1");
			assertThat(context.getBean(SecretsManagerClient.class)).isSameAs(supplied);
		}
	}

	@Test
	void customizerFromTheBootstrapRegistryShapesTheClient() {
		createSecret("prod/app/a", "{\"a\": \"1\"}");
		AtomicInteger calls = new AtomicInteger();
		ExecutionInterceptor counter = new ExecutionInterceptor() {
			@Override
			public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
				calls.incrementAndGet();
			}
		};
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addBootstrapRegistryInitializer(
				(registry) -> registry.register(SecretsManagerClientCustomizer.class, InstanceSupplier
					.of((builder) -> builder.overrideConfiguration((o) -> o.addExecutionInterceptor(counter)))));
		try (ConfigurableApplicationContext context = application.run("--spring.config.import=aws-secret:prod/app/a",
				"--aws.secrets.endpoint=" + emulator.endpoint(), "--aws.secrets.region=us-east-1")) {
			assertThat(context.getEnvironment().getProperty("a")).isEqualTo("1");
		}
		assertThat(calls).hasValue(1);
	}

	@Test
	void bootstrapContextKeptBySpringCloudIsTheOnlyOne() {
		createSecret("prod/app/a", "{\"a\": \"1\"}");
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--spring.config.import=aws-secret:prod/app/a",
				"--aws.secrets.endpoint=" + emulator.endpoint(), "--aws.secrets.region=us-east-1")) {
			assertThat(context.getBeanNamesForType(ConfigurableBootstrapContext.class))
				.containsExactly("bootstrapContext");
		}
	}

	@Test
	void bootstrapContextOfTheStartIsKeptWhenSpringCloudKeepsNone() {
		createSecret("prod/app/a", "{\"a\": \"1\"}");
		AtomicReference<BootstrapContext> started = new AtomicReference<>();
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addBootstrapRegistryInitializer(
				(registry) -> registry.addCloseListener((event) -> started.set(event.getBootstrapContext())));
		application.addListeners((ApplicationListener<ApplicationPreparedEvent>) (
				event) -> ((DefaultListableBeanFactory) event.getApplicationContext().getBeanFactory())
					.destroySingleton("bootstrapContext"));
		try (ConfigurableApplicationContext context = application.run("--spring.config.import=aws-secret:prod/app/a",
				"--aws.secrets.endpoint=" + emulator.endpoint(), "--aws.secrets.region=us-east-1")) {
			assertThat(context.getBeanNamesForType(ConfigurableBootstrapContext.class))
				.containsExactly(BootstrapSecretsManagerClient.BOOTSTRAP_CONTEXT_BEAN_NAME);
			ConfigurableBootstrapContext kept = context.getBean(ConfigurableBootstrapContext.class);
			assertThat(kept).isSameAs(started.get());
			assertThat(kept.isRegistered(BootstrapSecretsManagerClient.class)).isTrue();
		}
	}

}
