package io.github.secretsspringboot.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.Resource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConfigLocations}: the profile-specific files found where the
 * application tells Spring Boot to look.
 */
class ConfigLocationsTests {

	private static final List<PropertySourceLoader> LOADERS = List.of(new PropertiesPropertySourceLoader(),
			new YamlPropertySourceLoader());

	@TempDir
	Path root;

	@Test
	void folderLocationsAreSearchedForEveryNameProfileAndExtension() throws IOException {
		Path config = Files.createDirectories(this.root.resolve("config"));
		touch(config.resolve("application-dev.yml"));
		touch(config.resolve("orders-dev.properties"));
		touch(config.resolve("application-prod.yaml"));
		touch(config.resolve("application-test.yml"));
		touch(config.resolve("application.yml"));
		ConfigLocations locations = locations(Map.of("spring.config.location", "optional:" + folder(config),
				"spring.config.name", "application,orders"));
		assertThat(names(locations.profileFiles(List.of("dev", "prod"), LOADERS)))
			.containsExactlyInAnyOrder("application-dev.yml", "orders-dev.properties", "application-prod.yaml");
	}

	@Test
	void aFileLocationHasItsProfileVariantNextToIt() throws IOException {
		touch(this.root.resolve("custom-dev.yml"));
		touch(this.root.resolve("application-dev.yml"));
		ConfigLocations locations = locations(
				Map.of("spring.config.location", "file:" + this.root.resolve("custom.yml")));
		assertThat(names(locations.profileFiles(List.of("dev"), LOADERS))).containsExactly("custom-dev.yml");
	}

	@Test
	void additionalLocationsAndLocationGroupsAreSearchedToo() throws IOException {
		Path first = Files.createDirectories(this.root.resolve("first"));
		Path second = Files.createDirectories(this.root.resolve("second"));
		Path extra = Files.createDirectories(this.root.resolve("extra"));
		touch(first.resolve("application-dev.properties"));
		touch(second.resolve("application-dev.properties"));
		touch(extra.resolve("application-dev.yml"));
		ConfigLocations locations = locations(Map.of("spring.config.location", folder(first) + ";" + folder(second),
				"spring.config.additional-location", "optional:" + folder(extra)));
		assertThat(locations.profileFiles(List.of("dev"), LOADERS)).hasSize(3);
	}

	@Test
	void wildcardLocationsAreNotLookedInto() throws IOException {
		Path nested = Files.createDirectories(this.root.resolve("nested/one"));
		touch(nested.resolve("application-dev.yml"));
		ConfigLocations locations = locations(
				Map.of("spring.config.location", "file:" + this.root.resolve("nested") + "/*/"));
		assertThat(locations.profileFiles(List.of("dev"), LOADERS)).isEmpty();
	}

	@Test
	void theProfileOfAFileIsTheOneItsNameEndsWith() {
		assertThat(ConfigLocations.profileOf("application-dev.yml", List.of("prod", "dev"))).isEqualTo("dev");
		assertThat(ConfigLocations.profileOf("orders-eu-prod.properties", List.of("prod"))).isEqualTo("prod");
		assertThat(ConfigLocations.profileOf("application.yml", List.of("dev"))).isNull();
		assertThat(ConfigLocations.profileOf("application-devx.yml", List.of("dev"))).isNull();
	}

	private static ConfigLocations locations(Map<String, String> properties) {
		return ConfigLocations.of(new Binder(new MapConfigurationPropertySource(properties)));
	}

	private static String folder(Path path) {
		return "file:" + path + "/";
	}

	private static void touch(Path file) throws IOException {
		Files.writeString(file, "a=b\n");
	}

	private static List<String> names(List<Resource> resources) {
		return resources.stream().map(Resource::getFilename).toList();
	}

}
