package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretImport;
import io.github.secretsspringboot.core.SecretPropertyMapper;
import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.core.SecretValue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.SimpleTypeConverter;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static io.github.secretsspringboot.Withheld.assertWithheld;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link SecretTypeConverter}: a value from a secret that does not convert
 * fails naming the secret and the property, never the value; everything else converts as
 * Spring converts it.
 */
class SecretTypeConverterTests {

	private static final String CANARY = "canary-6a0d2f-converter";

	@Test
	void isInstalledInAnApplicationThatImportsSecrets() {
		try (AnnotationConfigApplicationContext context = contextWithSecret()) {
			assertThat(context.getBeanFactory().getTypeConverter()).isInstanceOf(SecretTypeConverter.class);
		}
	}

	@Test
	void isNotInstalledWithoutSecretsOrOverAConverterOfTheApplication() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			new SecretTypeConverter.Installer().initialize(context);
			assertThat(context.getBeanFactory().getTypeConverter()).isExactlyInstanceOf(SimpleTypeConverter.class);
		}
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.getEnvironment().getPropertySources().addFirst(secretSource());
			CustomConverter own = new CustomConverter();
			context.getBeanFactory().setTypeConverter(own);
			new SecretTypeConverter.Installer().initialize(context);
			assertThat(context.getBeanFactory().getTypeConverter()).isSameAs(own);
		}
	}

	@Test
	void convertsAsSpringDoes() {
		try (AnnotationConfigApplicationContext context = contextWithSecret()) {
			assertThat(context.getBeanFactory().getTypeConverter().convertIfNecessary("5432", int.class))
				.isEqualTo(5432);
		}
	}

	@Test
	void aSecretValueThatDoesNotConvertFailsWithoutTheValue() {
		try (AnnotationConfigApplicationContext context = contextWithSecret()) {
			assertThatExceptionOfType(SecretTypeMismatchException.class)
				.isThrownBy(() -> context.getBeanFactory().getTypeConverter().convertIfNecessary(CANARY, int.class))
				.satisfies((ex) -> {
					assertThat(ex.getSecretId()).isEqualTo("prod/db");
					assertThat(ex.getSecretPropertyName()).isEqualTo("db.port");
					assertThat(ex.getRequiredTypeName()).isEqualTo("int");
					assertWithheld(CANARY, "The stack trace", stackTrace(ex));
					assertThat(stackTrace(ex))
						.contains("the value of property 'db.port' from secret 'prod/db' is withheld");
				});
		}
	}

	@Test
	void aValueFromElsewhereFailsAsSpringFailsWithIt() {
		try (AnnotationConfigApplicationContext context = contextWithSecret()) {
			assertThatExceptionOfType(TypeMismatchException.class)
				.isThrownBy(
						() -> context.getBeanFactory().getTypeConverter().convertIfNecessary("not-a-port", int.class))
				.isNotInstanceOf(SecretTypeMismatchException.class)
				.withMessageContaining("not-a-port");
		}
	}

	@Test
	void aValueInjectionOfASecretThatDoesNotConvertFailsTheContextWithoutTheValue() {
		AnnotationConfigApplicationContext context = contextWithSecret();
		context.register(PortHolder.class);
		Throwable failure = catchThrowable(context::refresh);
		assertThat(failure).isNotNull();
		assertWithheld(CANARY, "The stack trace", stackTrace(failure));
		assertThat(stackTrace(failure)).contains("SecretTypeMismatchException");
		context.close();
	}

	private static AnnotationConfigApplicationContext contextWithSecret() {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment().getPropertySources().addFirst(secretSource());
		context.getEnvironment().getPropertySources().addLast(new MapPropertySource("other", Map.of("other", "x")));
		new SecretTypeConverter.Installer().initialize(context);
		return context;
	}

	private static SecretPropertySource secretSource() {
		SecretImport secretImport = SecretImport.parse("aws-secret:prod/db?prefix=db", false).get(0);
		SecretValue value = new SecretValue("prod/db", "arn:prod/db", "v1", List.of("AWSCURRENT"), Instant.EPOCH,
				"{\"port\": \"" + CANARY + "\", \"user\": \"app\"}", null);
		return new SecretPropertySource(secretImport, value, SecretPropertyMapper.map(secretImport, value));
	}

	private static String stackTrace(Throwable failure) {
		StringWriter text = new StringWriter();
		failure.printStackTrace(new PrintWriter(text));
		return text.toString();
	}

	static class CustomConverter extends SimpleTypeConverter {

	}

	static class PortHolder {

		PortHolder(@Value("${db.port}") int port) {
		}

	}

}
