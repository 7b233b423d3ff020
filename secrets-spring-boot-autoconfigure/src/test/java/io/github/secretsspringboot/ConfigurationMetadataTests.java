package io.github.secretsspringboot;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every property the starter binds or checks appears in the configuration metadata that
 * IDEs read, with a description written the way Spring Boot's own are.
 */
class ConfigurationMetadataTests {

	private static final String BASE_PACKAGE = "io.github.secretsspringboot";

	@Test
	void everyBoundPropertyIsDescribedInTheMetadata() throws Exception {
		Map<String, JsonNode> metadata = metadata();
		Map<String, Class<?>> bound = boundProperties();
		assertThat(bound).as("properties bound from @ConfigurationProperties classes")
			.containsKeys("aws.secrets.region", "aws.secrets.credentials.sts.role-arn", "aws.secrets.refresh.interval",
					"aws.secrets.hikari.enabled", "aws.secrets.health.max-staleness", "aws.secrets.datasource");
		List<String> problems = new ArrayList<>();
		bound.forEach((name, type) -> {
			JsonNode property = metadata.get(name);
			if (property == null) {
				problems.add(name + ": missing from the metadata");
				return;
			}
			String description = property.path("description").asString("");
			if (description.isBlank()) {
				problems.add(name + ": no description");
			}
			if ((type == boolean.class || type == Boolean.class) && !description.startsWith("Whether")) {
				problems.add(name + ": a boolean whose description does not start with 'Whether'");
			}
		});
		assertThat(problems).isEmpty();
	}

	@Test
	void everyPropertyAConditionChecksIsInTheMetadata() throws Exception {
		Map<String, JsonNode> metadata = metadata();
		List<String> checked = conditionProperties();
		assertThat(checked).isNotEmpty();
		assertThat(checked).allSatisfy((name) -> assertThat(metadata).containsKey(name));
	}

	@Test
	void durationsAreDurations() throws Exception {
		Map<String, JsonNode> metadata = metadata();
		assertThat(metadata.values())
			.filteredOn((property) -> property.path("name").asString().startsWith("aws.secrets."))
			.filteredOn((property) -> {
				String name = property.path("name").asString();
				return name.endsWith("-timeout") || name.endsWith("interval") || name.endsWith("staleness")
						|| name.endsWith("backoff") || name.endsWith("budget") || name.endsWith("grace")
						|| name.endsWith("threshold") || name.endsWith("spacing");
			})
			.isNotEmpty()
			.allSatisfy((property) -> assertThat(property.path("type").asString()).isEqualTo("java.time.Duration"));
	}

	/** The metadata this module generates at compile time, by property name. */
	private static Map<String, JsonNode> metadata() throws IOException {
		Map<String, JsonNode> properties = new TreeMap<>();
		for (URL url : Collections.list(ConfigurationMetadataTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			if (!url.toString().contains("secrets-spring-boot-autoconfigure")) {
				continue;
			}
			try (InputStream input = url.openStream()) {
				JsonMapper.builder()
					.build()
					.readTree(input)
					.path("properties")
					.forEach((property) -> properties.put(property.path("name").asString(), property));
			}
		}
		assertThat(properties).as("generated configuration metadata").isNotEmpty();
		return properties;
	}

	/**
	 * Names and types of the leaf properties of the starter's @ConfigurationProperties
	 * classes.
	 */
	private static Map<String, Class<?>> boundProperties() throws ClassNotFoundException {
		Map<String, Class<?>> properties = new LinkedHashMap<>();
		for (Class<?> type : mainClasses(ConfigurationProperties.class)) {
			MergedAnnotation<ConfigurationProperties> annotation = MergedAnnotations.from(type)
				.get(ConfigurationProperties.class);
			collect(annotation.getString("prefix"), type, properties);
		}
		return properties;
	}

	private static void collect(String prefix, Class<?> type, Map<String, Class<?>> properties) {
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() == null || "class".equals(descriptor.getName())) {
				continue;
			}
			String name = prefix + "." + kebabCase(descriptor.getName());
			Class<?> propertyType = descriptor.getPropertyType();
			boolean nested = descriptor.getWriteMethod() == null && propertyType.getName().startsWith(BASE_PACKAGE)
					&& !propertyType.isEnum();
			if (nested) {
				collect(name, propertyType, properties);
			}
			else {
				properties.put(name, propertyType);
			}
		}
	}

	/** Properties named by @ConditionalOnProperty and @ConditionalOnBooleanProperty. */
	private static List<String> conditionProperties() throws ClassNotFoundException {
		List<String> names = new ArrayList<>();
		List<Class<?>> types = new ArrayList<>(mainClasses(ConditionalOnBooleanProperty.class));
		types.addAll(mainClasses(ConditionalOnProperty.class));
		for (Class<?> type : types) {
			MergedAnnotations annotations = MergedAnnotations.from(type);
			for (Class<? extends java.lang.annotation.Annotation> condition : List
				.of(ConditionalOnBooleanProperty.class, ConditionalOnProperty.class)) {
				annotations.stream(condition).forEach((annotation) -> {
					String prefix = annotation.getString("prefix");
					for (String name : annotation.getStringArray("name")) {
						names.add(prefix.isEmpty() ? name : prefix + "." + name);
					}
				});
			}
		}
		return names;
	}

	private static List<Class<?>> mainClasses(Class<? extends java.lang.annotation.Annotation> annotation)
			throws ClassNotFoundException {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(annotation));
		List<Class<?>> types = new ArrayList<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents(BASE_PACKAGE)) {
			Class<?> type = ClassUtils.forName(candidate.getBeanClassName(),
					ConfigurationMetadataTests.class.getClassLoader());
			// Main code only: test sources have their own property classes.
			if (!type.getProtectionDomain().getCodeSource().getLocation().toString().contains("test-classes")) {
				types.add(type);
			}
		}
		return types;
	}

	private static String kebabCase(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

}
