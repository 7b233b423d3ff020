package io.github.secretsspringboot.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * The config locations Spring Boot reads application files from, as the application sets
 * them ({@code spring.config.location}, {@code spring.config.additional-location},
 * {@code spring.config.name}), to find the profile-specific files among them.
 *
 * @author secrets-spring-boot
 */
final class ConfigLocations {

	/**
	 * Spring Boot's default locations, used when {@code spring.config.location} is not
	 * set.
	 */
	private static final String[] DEFAULT_LOCATIONS = { "optional:classpath:/", "optional:classpath:/config/",
			"optional:file:./", "optional:file:./config/" };

	private final List<String> locations;

	private final String[] names;

	private final ResourceLoader resourceLoader = new DefaultResourceLoader();

	private ConfigLocations(List<String> locations, String[] names) {
		this.locations = locations;
		this.names = names;
	}

	static ConfigLocations of(Binder binder) {
		List<String> locations = new ArrayList<>();
		for (String location : binder.bind("spring.config.location", Bindable.of(String[].class))
			.orElse(DEFAULT_LOCATIONS)) {
			locations.addAll(split(location));
		}
		for (String location : binder.bind("spring.config.additional-location", Bindable.of(String[].class))
			.orElse(new String[0])) {
			locations.addAll(split(location));
		}
		String[] names = binder.bind("spring.config.name", Bindable.of(String[].class))
			.orElse(new String[] { "application" });
		return new ConfigLocations(locations, names);
	}

	/** A location group ({@code a;b}) holds several locations. */
	private static List<String> split(String location) {
		List<String> locations = new ArrayList<>();
		for (String each : location.split(";")) {
			String trimmed = each.trim();
			if (trimmed.startsWith("optional:")) {
				trimmed = trimmed.substring("optional:".length());
			}
			// Wildcard folders and other kinds of location are not looked into.
			if (!trimmed.isEmpty() && !trimmed.contains("*") && !trimmed.contains("[")) {
				locations.add(trimmed);
			}
		}
		return locations;
	}

	/** The existing profile-specific files of the {@code profiles} in every location. */
	List<Resource> profileFiles(List<String> profiles, List<PropertySourceLoader> loaders) {
		List<Resource> files = new ArrayList<>();
		for (String location : this.locations) {
			for (String profile : profiles) {
				for (PropertySourceLoader loader : loaders) {
					for (String extension : loader.getFileExtensions()) {
						for (String candidate : candidates(location, profile, extension)) {
							Resource resource = this.resourceLoader.getResource(candidate);
							if (resource.exists()) {
								files.add(resource);
							}
						}
					}
				}
			}
		}
		return files;
	}

	private List<String> candidates(String location, String profile, String extension) {
		List<String> candidates = new ArrayList<>();
		if (location.endsWith("/")) {
			for (String name : this.names) {
				candidates.add(location + name + "-" + profile + "." + extension);
			}
		}
		else if (location.toLowerCase(Locale.ROOT).endsWith("." + extension)) {
			// A file location: its profile variant sits next to it.
			String base = location.substring(0, location.length() - extension.length() - 1);
			candidates.add(base + "-" + profile + "." + extension);
		}
		return candidates;
	}

	/**
	 * The profile of a profile-specific file among {@code profiles}, or {@code null} when
	 * {@code filename} is not the file of one of them.
	 */
	static @Nullable String profileOf(String filename, List<String> profiles) {
		String base = StringUtils.stripFilenameExtension(filename);
		for (String profile : profiles) {
			if (base.endsWith("-" + profile)) {
				return profile;
			}
		}
		return null;
	}

}
