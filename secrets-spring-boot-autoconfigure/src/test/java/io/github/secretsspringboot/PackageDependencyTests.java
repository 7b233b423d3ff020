package io.github.secretsspringboot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages follow a secret from the client to Actuator, and each uses only those
 * before it: no arrow back up.
 *
 * @author secrets-spring-boot
 */
class PackageDependencyTests {

	private static final List<String> LAYERS = List.of("client", "core", "config", "refresh", "jdbc", "events",
			"actuate");

	private static final Pattern USE = Pattern.compile("io\\.github\\.secretsspringboot\\.(\\w+)\\.");

	@Test
	void eachPackageUsesOnlyThePackagesBeforeIt() throws IOException {
		Path root = Path.of("src/main/java/io/github/secretsspringboot");
		Set<String> violations = new TreeSet<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String layer = root.relativize(file).getName(0).toString();
				assertThat(LAYERS).as("package of %s", file).contains(layer);
				Matcher matcher = USE.matcher(Files.readString(file));
				while (matcher.find()) {
					String used = matcher.group(1);
					if (LAYERS.indexOf(used) > LAYERS.indexOf(layer)) {
						violations.add(root.relativize(file) + " uses " + used);
					}
				}
			}
		}
		assertThat(violations).isEmpty();
	}

}
