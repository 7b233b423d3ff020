package io.github.secretsspringboot.test.junit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.secretsspringboot.test.emulator.SecretsManagerEmulator;
import io.github.secretsspringboot.test.rotation.BuiltInRotationFunctions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;

/**
 * The JUnit extension behind {@link EmbeddedSecretsManager}: one emulator per test class,
 * started before anything of the class runs, seeded, and announced through
 * {@link SecretsManagerTestProperties}; both are undone when the class ends.
 *
 * @author secrets-spring-boot
 */
public final class EmbeddedSecretsManagerExtension
		implements BeforeAllCallback, TestInstancePreConstructCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(EmbeddedSecretsManagerExtension.class);

	private static final String CLASSPATH_PREFIX = "classpath:";

	@Override
	public void beforeAll(ExtensionContext context) {
		emulator(context);
	}

	/**
	 * With a per-class test instance, the instance (and its context) is made before
	 * beforeAll.
	 */
	@Override
	public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
		emulator(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == SecretsManagerEmulator.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return emulator(extensionContext);
	}

	/**
	 * The class's emulator, started on first use; stored in the class's context, which
	 * closes it.
	 */
	private static SecretsManagerEmulator emulator(ExtensionContext context) {
		ExtensionContext classContext = classContext(context);
		return classContext.getStore(NAMESPACE)
			.computeIfAbsent(RunningEmulator.class, (key) -> RunningEmulator.start(classContext), RunningEmulator.class)
			.emulator();
	}

	private static ExtensionContext classContext(ExtensionContext context) {
		ExtensionContext current = context;
		while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
			current = current.getParent().get();
		}
		return current;
	}

	/** An emulator and the system properties that point at it, undone together. */
	private record RunningEmulator(SecretsManagerEmulator emulator,
			SecretsManagerTestProperties properties) implements AutoCloseable {

		static RunningEmulator start(ExtensionContext classContext) {
			EmbeddedSecretsManager settings = classContext.getRequiredTestClass()
				.getAnnotation(EmbeddedSecretsManager.class);
			SecretsManagerEmulator emulator = SecretsManagerEmulator.start();
			try {
				if (settings == null || settings.builtInRotationFunctions()) {
					BuiltInRotationFunctions.registerWith(emulator);
				}
				if (settings != null) {
					for (String location : settings.seed()) {
						seed(emulator, location, classContext.getRequiredTestClass());
					}
				}
			}
			catch (RuntimeException ex) {
				emulator.close();
				throw ex;
			}
			return new RunningEmulator(emulator,
					SecretsManagerTestProperties.apply(emulator.endpoint(), emulator.region()));
		}

		private static void seed(SecretsManagerEmulator emulator, String location, Class<?> testClass) {
			try (InputStream seed = open(location, testClass)) {
				emulator.seed(seed);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read the seed document '" + location + "'", ex);
			}
		}

		private static InputStream open(String location, Class<?> testClass) throws IOException {
			if (location.startsWith(CLASSPATH_PREFIX)) {
				String resource = location.substring(CLASSPATH_PREFIX.length()).replaceFirst("^/", "");
				InputStream stream = testClass.getClassLoader().getResourceAsStream(resource);
				if (stream == null) {
					throw new ExtensionConfigurationException("No seed document at '" + location + "'");
				}
				return stream;
			}
			return Files.newInputStream(Path.of(location));
		}

		@Override
		public void close() {
			this.properties.close();
			this.emulator.close();
		}

	}

}
