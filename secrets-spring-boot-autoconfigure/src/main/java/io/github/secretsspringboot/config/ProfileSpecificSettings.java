package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretImportException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.config.Profiles;
import org.springframework.boot.context.config.StandardConfigDataResource;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * Finds {@code aws.secrets.*} import settings in the active profile-specific files next
 * to the file that declares an import ({@code application-dev.yml} next to
 * {@code application.yml}) and in the other config locations. Spring Boot reads those
 * files after the import is loaded, so the import cannot use them: rather than read
 * secrets from where a developer did not mean to (real AWS instead of the emulator the
 * {@code dev} profile names), the import fails before any request.
 *
 * @author secrets-spring-boot
 */
final class ProfileSpecificSettings {

	/**
	 * The settings of the client and the imports (lower case, without dashes). The others
	 * (refresh, health, data sources) are read from the complete environment.
	 */
	private static final List<String> IMPORT_SETTINGS = List.of("aws.secrets.enabled", "aws.secrets.region",
			"aws.secrets.endpoint", "aws.secrets.fipsenabled", "aws.secrets.dualstackenabled",
			"aws.secrets.apicalltimeout", "aws.secrets.startuptimeout", "aws.secrets.credentials.",
			"aws.secrets.retry.");

	private static final List<PropertySourceLoader> LOADERS = List.of(new PropertiesPropertySourceLoader(),
			new YamlPropertySourceLoader());

	/** How deep imports of imports are followed. */
	private static final int MAX_IMPORT_DEPTH = 3;

	private static final ResourceLoader RESOURCE_LOADER = new DefaultResourceLoader();

	private ProfileSpecificSettings() {
	}

	static void check(ConfigDataLocationResolverContext context, ConfigDataLocation location, Profiles profiles) {
		if (!(context.getParent() instanceof StandardConfigDataResource parent) || parent.getProfile() != null) {
			return;
		}
		Resource declaring = parent.getResource();
		String filename = declaring.getFilename();
		String extension = StringUtils.getFilenameExtension(filename);
		if (filename == null || extension == null) {
			return;
		}
		String base = filename.substring(0, filename.length() - extension.length() - 1);
		for (String profile : profiles.getActive()) {
			for (PropertySourceLoader loader : LOADERS) {
				for (String candidateExtension : loader.getFileExtensions()) {
					Resource sibling = relative(declaring, base + "-" + profile + "." + candidateExtension);
					if (sibling != null) {
						check(context, location, profiles, profile, sibling, sibling.getFilename(), 0);
					}
				}
			}
		}
		// The profile files of the other config locations, which Spring Boot may also
		// read
		// after the import (another folder of the same location group, a folder above).
		for (Resource candidate : ConfigLocations.of(context.getBinder()).profileFiles(profiles.getActive(), LOADERS)) {
			String profile = ConfigLocations.profileOf(String.valueOf(candidate.getFilename()), profiles.getActive());
			check(context, location, profiles, profile, candidate, candidate.getDescription(), 0);
		}
	}

	/**
	 * Checks the settings of {@code candidate}, and of the files it imports ({@code
	 * spring.config.import: dev-aws.yml}), which Spring Boot reads after it.
	 */
	private static void check(ConfigDataLocationResolverContext context, ConfigDataLocation location, Profiles profiles,
			@Nullable String profile, Resource candidate, @Nullable String description, int depth) {
		PropertySourceLoader loader = loaderFor(candidate);
		if (loader == null || !candidate.exists()) {
			return;
		}
		for (PropertySource<?> source : load(loader, candidate)) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
				continue;
			}
			for (String name : enumerable.getPropertyNames()) {
				if (isImportSetting(name)) {
					UsedValue used = UsedValue.bind(context.getBinder(), name);
					// A value from a profile file already has a profile file's
					// precedence.
					if (!used.outranksConfigFiles() && !used.fromProfileFile(profiles.getActive())
							&& !Objects.equals(used.value(), String.valueOf(source.getProperty(name)))) {
						throw ImportFailures.settingReadTooLate(location.toString(), name, description, profile);
					}
				}
				else if (depth < MAX_IMPORT_DEPTH && isConfigImport(name)) {
					for (Resource imported : importedFiles(candidate, String.valueOf(source.getProperty(name)))) {
						check(context, location, profiles, profile, imported, imported.getDescription(), depth + 1);
					}
				}
			}
		}
	}

	private static @Nullable PropertySourceLoader loaderFor(Resource resource) {
		String extension = StringUtils.getFilenameExtension(resource.getFilename());
		return LOADERS.stream()
			.filter((loader) -> List.of(loader.getFileExtensions()).contains(extension))
			.findFirst()
			.orElse(null);
	}

	private static boolean isConfigImport(String name) {
		return name.equals("spring.config.import") || name.startsWith("spring.config.import[");
	}

	/** The files, of the kinds Spring Boot reads itself, that {@code imports} names. */
	private static List<Resource> importedFiles(Resource importing, String imports) {
		List<Resource> files = new ArrayList<>();
		for (String entry : StringUtils.commaDelimitedListToStringArray(imports)) {
			String location = entry.trim();
			if (location.startsWith("optional:")) {
				location = location.substring("optional:".length());
			}
			if (location.startsWith("classpath:") || location.startsWith("file:")) {
				files.add(RESOURCE_LOADER.getResource(location));
			}
			else if (!location.isEmpty() && !location.contains(":")) {
				Resource relative = relative(importing, location);
				if (relative != null) {
					files.add(relative);
				}
			}
		}
		return files;
	}

	/**
	 * The value the import uses and whether it outranks profile-specific files: set from
	 * the start (command line, {@code SPRING_APPLICATION_JSON}, environment variables,
	 * system properties), rather than in a config file or the application's default
	 * properties.
	 */
	private record UsedValue(@Nullable String value, boolean outranksConfigFiles, @Nullable String file) {

		boolean fromProfileFile(List<String> profiles) {
			return this.file != null && ConfigLocations.profileOf(this.file, profiles) != null;
		}

		static UsedValue bind(Binder binder, String name) {
			AtomicReference<Object> underlyingSource = new AtomicReference<>();
			AtomicReference<String> file = new AtomicReference<>();
			String value = binder.bind(name, Bindable.of(String.class), new BindHandler() {

				@Override
				// A bound configuration property has a source.
				@SuppressWarnings("NullAway")
				public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
						Object result) {
					ConfigurationProperty property = context.getConfigurationProperty();
					if (property != null) {
						underlyingSource.set(property.getSource().getUnderlyingSource());
						if (Origin.from(property) instanceof TextResourceOrigin origin
								&& origin.getResource() != null) {
							file.set(origin.getResource().getFilename());
						}
					}
					return result;
				}

			}).orElse(null);
			Object source = underlyingSource.get();
			boolean outranks = source instanceof PropertySource<?> propertySource
					&& !(propertySource instanceof OriginTrackedMapPropertySource)
					&& !DefaultPropertiesPropertySource.NAME.equals(propertySource.getName());
			return new UsedValue(value, outranks, file.get());
		}

	}

	private static boolean isImportSetting(String name) {
		String normalized = name.toLowerCase(Locale.ROOT).replace("-", "");
		return IMPORT_SETTINGS.stream()
			.anyMatch((setting) -> setting.endsWith(".") ? normalized.startsWith(setting) : normalized.equals(setting));
	}

	private static @Nullable Resource relative(Resource resource, String name) {
		try {
			return resource.createRelative(name);
		}
		catch (IOException ex) {
			return null;
		}
	}

	// The resources checked are files, which have names.
	@SuppressWarnings("NullAway")
	private static List<PropertySource<?>> load(PropertySourceLoader loader, Resource resource) {
		try {
			return loader.load(resource.getFilename(), resource);
		}
		catch (IOException ex) {
			// Spring Boot reports an unreadable file when it reads it itself.
			return List.of();
		}
	}

}
