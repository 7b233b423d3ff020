package io.github.secretsspringboot;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.secretsspringboot.core.SecretImport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public types of the jar are exactly those docs/api.md lists, and each says since
 * when it exists.
 *
 * @author secrets-spring-boot
 */
class PublicApiTests {

	private static final Pattern LISTED = Pattern.compile("^- `(io\\.github\\.secretsspringboot\\.[\\w.]+)`",
			Pattern.MULTILINE);

	@Test
	void publicTypesAreThoseTheApiPageLists() throws Exception {
		assertThat(publicTypes()).containsExactlyElementsOf(listedTypes());
	}

	@Test
	void everyPublicTypeSaysSinceWhen() throws Exception {
		Path sources = Path.of("src/main/java");
		Set<String> withoutSince = new TreeSet<>();
		for (String type : publicTypes()) {
			String source = Files.readString(sources.resolve(type.replace('.', '/') + ".java"));
			if (!source.contains("@since ")) {
				withoutSince.add(type);
			}
		}
		assertThat(withoutSince).isEmpty();
	}

	@Test
	void everyPackageIsNullMarked() throws Exception {
		Set<String> packages = new TreeSet<>();
		try (Stream<Path> files = Files.walk(classes())) {
			files.filter((file) -> file.toString().endsWith(".class"))
				.forEach((file) -> packages.add(classes().relativize(file.getParent()).toString().replace('/', '.')));
		}
		for (String name : packages) {
			Package found = Class.forName(name + ".package-info", false, getClass().getClassLoader()).getPackage();
			assertThat(found.isAnnotationPresent(org.jspecify.annotations.NullMarked.class)).as(name).isTrue();
		}
	}

	private Set<String> listedTypes() throws IOException {
		Set<String> listed = new TreeSet<>();
		Matcher matcher = LISTED.matcher(Files.readString(Path.of("../docs/api.md")));
		while (matcher.find()) {
			listed.add(matcher.group(1));
		}
		return listed;
	}

	private Set<String> publicTypes() throws IOException {
		Path classes = classes();
		Set<String> types = new TreeSet<>();
		try (Stream<Path> files = Files.walk(classes)) {
			files.map((file) -> classes.relativize(file).toString())
				.filter((name) -> name.endsWith(".class") && !name.contains("$")
						&& !name.endsWith("package-info.class"))
				.map((name) -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
				.filter(this::isPublic)
				.forEach(types::add);
		}
		return types;
	}

	private boolean isPublic(String name) {
		try {
			return Modifier.isPublic(Class.forName(name, false, getClass().getClassLoader()).getModifiers());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path classes() {
		try {
			return Path.of(SecretImport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
