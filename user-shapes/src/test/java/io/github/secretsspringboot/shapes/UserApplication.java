package io.github.secretsspringboot.shapes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.secretsspringboot.client.SecretsManagerClientCustomizer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A user's application, started as a user starts one: a real {@link SpringApplication} of
 * the user's own classes, configured by {@code application.yml} and profile-specific
 * files (written to a folder that stands in for the application's classpath root), with
 * no system property of the project's own. <pre class="code">
 * try (ConfigurableApplicationContext context = UserApplication.of(OrdersApp.class)
 *         .file("application.yml", """
 *                 spring.config.import: aws-secret:prod/db?prefix=db
 *                 spring.datasource.password: ${db.password}
 *                 """)
 *         .file("application-dev.yml", "aws.secrets.endpoint: " + emulator.endpoint())
 *         .profiles("dev")
 *         .run()) {
 *     ...
 * }
 * </pre> No test JVM has an AWS region or credentials, as no user's build has: each
 * application names its endpoint and region in its own files, and its client alone is
 * given the placeholder keys the emulator accepts, through a
 * {@link SecretsManagerClientCustomizer} in the {@code BootstrapRegistry} (a test's own
 * customizer registered there replaces it).
 * <p>
 * The applications of all tests share this module's package, where each would have one of
 * its own: they are declared with {@code @SpringBootConfiguration} and
 * {@code @EnableAutoConfiguration} instead of {@code @SpringBootApplication}, so that no
 * application's component scan picks up another's configuration.
 */
final class UserApplication {

	static final SecretsManagerClientCustomizer PLACEHOLDER_CREDENTIALS = (builder) -> builder.credentialsProvider(
			StaticCredentialsProvider.create(AwsBasicCredentials.create("user-shapes", "user-shapes")));

	private final Class<?>[] sources;

	private final Map<String, String> files = new LinkedHashMap<>();

	private final List<String> profiles = new ArrayList<>();

	private final List<String> arguments = new ArrayList<>();

	private WebApplicationType webApplicationType = WebApplicationType.NONE;

	private boolean placeholderCredentials = true;

	private UserApplication(Class<?>[] sources) {
		this.sources = sources;
	}

	static UserApplication of(Class<?>... sources) {
		return new UserApplication(sources);
	}

	/**
	 * Adds a configuration file, such as {@code application.yml} or
	 * {@code application-dev.properties}, or {@code config/application-dev.yml} for the
	 * {@code config} folder Spring Boot also reads.
	 */
	UserApplication file(String name, String content) {
		this.files.put(name, content);
		return this;
	}

	/** Activates profiles, as {@code --spring.profiles.active} would. */
	UserApplication profiles(String... profiles) {
		this.profiles.addAll(List.of(profiles));
		return this;
	}

	/** Adds a command-line argument, such as {@code --server.port=0}. */
	UserApplication argument(String argument) {
		this.arguments.add(argument);
		return this;
	}

	/** Runs a servlet web server (on a random port unless the files say otherwise). */
	UserApplication web() {
		this.webApplicationType = WebApplicationType.SERVLET;
		return this;
	}

	/**
	 * As on a machine without AWS credentials: the application's client is given none.
	 */
	UserApplication noCredentials() {
		this.placeholderCredentials = false;
		return this;
	}

	/** The application, configured, not yet run: to add initializers or listeners. */
	SpringApplication application() {
		SpringApplication application = new SpringApplication(this.sources);
		application.setWebApplicationType(this.webApplicationType);
		Map<String, Object> defaults = new LinkedHashMap<>();
		Path directory = writeFiles();
		// As Spring Boot's default locations: one group of the folder and its config
		// folder.
		defaults.put("spring.config.location", "file:" + directory + "/;optional:file:" + directory + "/config/");
		if (this.webApplicationType != WebApplicationType.NONE) {
			defaults.put("server.port", "0");
		}
		application.setDefaultProperties(defaults);
		if (this.placeholderCredentials) {
			application.addBootstrapRegistryInitializer((registry) -> registry
				.register(SecretsManagerClientCustomizer.class, InstanceSupplier.of(PLACEHOLDER_CREDENTIALS)));
		}
		if (!this.profiles.isEmpty()) {
			application.setAdditionalProfiles(this.profiles.toArray(String[]::new));
		}
		return application;
	}

	ConfigurableApplicationContext run() {
		return application().run(this.arguments.toArray(String[]::new));
	}

	private Path writeFiles() {
		try {
			Path directory = Files.createTempDirectory("user-application");
			for (Map.Entry<String, String> file : this.files.entrySet()) {
				Path path = directory.resolve(file.getKey());
				Files.createDirectories(path.getParent());
				Files.writeString(path, file.getValue());
			}
			directory.toFile().deleteOnExit();
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
