package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretPropertySource;

import java.lang.reflect.Field;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.SimpleTypeConverter;
import org.springframework.beans.TypeConverter;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * The bean factory's type converter, as Spring builds it (the conversion service and the
 * registered editors), except that a value from a secret that cannot be converted fails
 * without the value. Spring's own failure ({@code For input string: "..."}) quotes it,
 * and the application context logs that message at WARN when it cancels its refresh,
 * before any failure analysis: {@code @Value("${db.port}") int port} over text would
 * print the secret.
 *
 * @author secrets-spring-boot
 */
final class SecretTypeConverter implements TypeConverter {

	private final ConfigurableListableBeanFactory beanFactory;

	private final ConfigurableEnvironment environment;

	private SecretTypeConverter(ConfigurableListableBeanFactory beanFactory, ConfigurableEnvironment environment) {
		this.beanFactory = beanFactory;
		this.environment = environment;
	}

	@Override
	public <T> @Nullable T convertIfNecessary(@Nullable Object value, @Nullable Class<T> requiredType) {
		return withheld(value, () -> converter().convertIfNecessary(value, requiredType));
	}

	@Override
	public <T> @Nullable T convertIfNecessary(@Nullable Object value, @Nullable Class<T> requiredType,
			@Nullable MethodParameter methodParam) {
		return withheld(value, () -> converter().convertIfNecessary(value, requiredType, methodParam));
	}

	@Override
	public <T> @Nullable T convertIfNecessary(@Nullable Object value, @Nullable Class<T> requiredType,
			@Nullable Field field) {
		return withheld(value, () -> converter().convertIfNecessary(value, requiredType, field));
	}

	@Override
	public <T> @Nullable T convertIfNecessary(@Nullable Object value, @Nullable Class<T> requiredType,
			@Nullable TypeDescriptor typeDescriptor) {
		return withheld(value, () -> converter().convertIfNecessary(value, requiredType, typeDescriptor));
	}

	/**
	 * A new converter for each call, as the bean factory does: they are not thread-safe.
	 */
	private SimpleTypeConverter converter() {
		SimpleTypeConverter converter = new SimpleTypeConverter();
		converter.setConversionService(this.beanFactory.getConversionService());
		this.beanFactory.copyRegisteredEditorsTo(converter);
		return converter;
	}

	private <T> @Nullable T withheld(@Nullable Object value, Conversion<T> conversion) {
		try {
			return conversion.convert();
		}
		catch (TypeMismatchException ex) {
			SecretTypeMismatchException withheld = SecretTypeMismatchException.of(ex, value, this.environment);
			if (withheld == null) {
				throw ex;
			}
			throw withheld;
		}
	}

	private interface Conversion<T> {

		@Nullable T convert();

	}

	/**
	 * Installs the converter in applications that import secrets, unless the application
	 * set a type converter of its own.
	 */
	static final class Installer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			ConfigurableEnvironment environment = context.getEnvironment();
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			// Without a converter of its own, the bean factory gives a new
			// SimpleTypeConverter.
			if (importsSecrets(environment) && beanFactory.getTypeConverter().getClass() == SimpleTypeConverter.class) {
				beanFactory.setTypeConverter(new SecretTypeConverter(beanFactory, environment));
			}
		}

		private static boolean importsSecrets(ConfigurableEnvironment environment) {
			for (PropertySource<?> source : environment.getPropertySources()) {
				if (source instanceof SecretPropertySource) {
					return true;
				}
			}
			return false;
		}

	}

}
