package io.github.secretsspringboot.refresh;

import java.util.Map;

import io.github.secretsspringboot.DbProperties;
import io.github.secretsspringboot.DbPropertiesValidator;
import io.github.secretsspringboot.config.SecretPropertySources;
import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.junit.EmbeddedSecretsManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

import static io.github.secretsspringboot.Withheld.assertWithheld;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link BindFailureDescription}: failures of a real binder over a secret's
 * properties, told with the properties, secrets and constraints, never the values.
 */
@EmbeddedSecretsManager(builtInRotationFunctions = false)
class BindFailureDescriptionTests {

	private static final String CANARY = "canary-4f9a1e-bind";

	private MutablePropertySources sources;

	@BeforeEach
	void load(SecretsManagerEmulator emulator) {
		emulator.clear();
		emulator.client()
			.createSecret((secret) -> secret.name("prod/db")
				.secretString("{\"password\": \"" + CANARY + "\", \"port\": \"" + CANARY + "\"}"));
		SecretPropertySource source = SecretPropertySources.load(emulator.client(), "aws-secret:prod/db?prefix=db");
		this.sources = new MutablePropertySources();
		this.sources.addLast(source);
		this.sources.addLast(new MapPropertySource("application", Map.of("db.user-name", "")));
	}

	@Test
	void violationsNameEachPropertyItsSecretAndTheConstraint() {
		Throwable failure = catchThrowable(() -> binder().bind("db", Bindable.of(DbProperties.class),
				new ValidationBindHandler(new DbPropertiesValidator())));
		String description = BindFailureDescription.of(failure);
		assertThat(description).isEqualTo("Validation failed: property 'db.password' (from secret 'prod/db') "
				+ "violates @Size; property 'db.user-name' violates @NotBlank (must not be blank); 'db' violates "
				+ "@Consistent (values withheld).");
		assertWithheld(CANARY, "The description", description);
	}

	@Test
	void aConversionFailureNamesThePropertyItsSecretAndTheTargetType() {
		Throwable failure = catchThrowable(() -> binder().bind("db", Bindable.of(PortProperties.class)));
		assertThat(failure).isInstanceOf(BindException.class);
		String description = BindFailureDescription.of(failure);
		assertThat(description).startsWith("Property 'db.port' (from secret 'prod/db') cannot be converted to int (")
			.contains("org.springframework.core.convert.ConversionFailedException")
			.endsWith("); value withheld.");
		assertWithheld(CANARY, "The description", description);
	}

	@Test
	void anyOtherFailureIsToldByItsTypesOnly() {
		String description = BindFailureDescription
			.of(new IllegalStateException("bad " + CANARY, new NumberFormatException(CANARY)));
		assertThat(description).isEqualTo("Cause: java.lang.IllegalStateException caused by "
				+ "java.lang.NumberFormatException (message withheld: it may quote a value).");
	}

	private Binder binder() {
		return new Binder(ConfigurationPropertySources.from(this.sources));
	}

	static class PortProperties {

		private int port;

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

	}

}
