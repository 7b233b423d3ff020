package io.github.secretsspringboot.config;

import io.github.secretsspringboot.DbProperties;
import io.github.secretsspringboot.DbPropertiesValidator;
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

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

import static io.github.secretsspringboot.Withheld.assertWithheld;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link SecretBindValidationFailureAnalyzer}: constraint violations of
 * properties from secrets are told by property, origin and constraint, with the values
 * and the causes that quote them withheld.
 */
class SecretBindValidationFailureAnalyzerTests {

	private static final String CANARY = "canary-e3f2a1-validation";

	@Test
	void violationsAreToldByPropertyOriginAndConstraint() {
		FailureAnalysis analysis = new SecretBindValidationFailureAnalyzer().analyze(bindFailure(true));
		assertThat(analysis.getDescription()).startsWith("Binding to target db failed:")
			.contains("Property: db.password", "Value: (withheld)", "Origin: secret 'prod/db'",
					"Reason: violates @Size")
			.contains("Property: db.user-name", "Reason: violates @NotBlank (must not be blank)")
			.contains("Object: db", "Reason: violates @Consistent");
		assertThat(analysis.getAction()).startsWith("Update secret 'prod/db' (or the other origins named above)");
		assertWithheld(CANARY, "The description", analysis.getDescription());
		StringWriter trace = new StringWriter();
		analysis.getCause().printStackTrace(new PrintWriter(trace));
		assertWithheld(CANARY, "The cause", trace);
	}

	@Test
	void violationsOfPropertiesThatNoSecretHoldsAreLeftToSpringBoot() {
		assertThat(new SecretBindValidationFailureAnalyzer().analyze(bindFailure(false))).isNull();
	}

	private static Throwable bindFailure(boolean fromSecret) {
		MutablePropertySources sources = new MutablePropertySources();
		if (fromSecret) {
			SecretImport secretImport = SecretImport.parse("aws-secret:prod/db?prefix=db", false).get(0);
			SecretValue value = new SecretValue("prod/db", "arn:prod/db", "v1", List.of("AWSCURRENT"), Instant.EPOCH,
					"{\"password\": \"" + CANARY + "\"}", null);
			sources
				.addLast(new SecretPropertySource(secretImport, value, SecretPropertyMapper.map(secretImport, value)));
		}
		else {
			sources.addLast(new MapPropertySource("file", Map.of("db.password", CANARY)));
		}
		sources.addLast(new MapPropertySource("application", Map.of("db.user-name", "")));
		Binder binder = new Binder(ConfigurationPropertySources.from(sources));
		Throwable failure = catchThrowable(() -> binder.bind("db", Bindable.of(DbProperties.class),
				new ValidationBindHandler(new DbPropertiesValidator())));
		assertThat(failure).isNotNull();
		return failure;
	}

}
