package io.github.secretsspringboot.config;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.secretsspringboot.DbProperties;
import io.github.secretsspringboot.DbPropertiesValidator;
import io.github.secretsspringboot.core.SecretImport;
import io.github.secretsspringboot.core.SecretPropertyMapper;
import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.core.SecretValue;
import io.github.secretsspringboot.core.ValueFreeViolation;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

import static io.github.secretsspringboot.Withheld.assertWithheld;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link ValueFreeViolation}: violations of properties bound from a real
 * binder, told with the property, its secret and the constraint, never the value.
 */
class ValueFreeViolationTests {

	private static final String CANARY = "canary-31d7e5-violation";

	@Test
	void eachViolationNamesThePropertyItsSecretAndTheConstraint() {
		List<ValueFreeViolation> violations = ValueFreeViolation.of(validationErrors());
		assertThat(violations).hasSize(3);
		ValueFreeViolation password = violations.get(0);
		assertThat(password.name()).hasToString("db.password");
		assertThat(password.property()).isNotNull();
		assertThat(password.secretId()).isEqualTo("prod/db");
		assertThat(password.code()).isEqualTo("Size");
		ValueFreeViolation user = violations.get(1);
		assertThat(user.name()).hasToString("db.user-name");
		assertThat(user.secretId()).isNull();
		assertThat(user.code()).isEqualTo("NotBlank");
		assertThat(user.constraintMessage()).isEqualTo(" (must not be blank)");
		ValueFreeViolation whole = violations.get(2);
		assertThat(whole.name()).isNull();
		assertThat(whole.property()).isNull();
		assertThat(whole.secretId()).isNull();
		assertThat(whole.code()).isEqualTo("Consistent");
	}

	@Test
	void aConstraintMessageThatQuotesTheValueIsLeftOut() {
		ValueFreeViolation password = ValueFreeViolation.of(validationErrors()).get(0);
		assertThat(password.constraintMessage()).isEmpty();
		assertWithheld(CANARY, "toString()", password);
		assertThat(password.toString()).contains("name=db.password", "secretId=prod/db", "code=Size");
	}

	@Test
	void aPropertyFromElsewhereHasNoSecret() {
		assertThat(ValueFreeViolation.secretId(null)).isNull();
	}

	private static ValidationErrors validationErrors() {
		MutablePropertySources sources = new MutablePropertySources();
		SecretImport secretImport = SecretImport.parse("aws-secret:prod/db?prefix=db", false).get(0);
		SecretValue value = new SecretValue("prod/db", "arn:prod/db", "v1", List.of("AWSCURRENT"), Instant.EPOCH,
				"{\"password\": \"" + CANARY + "\"}", null);
		sources.addLast(new SecretPropertySource(secretImport, value, SecretPropertyMapper.map(secretImport, value)));
		sources.addLast(new MapPropertySource("application", Map.of("db.user-name", "")));
		Binder binder = new Binder(ConfigurationPropertySources.from(sources));
		BindException failure = catchThrowableOfType(BindException.class, () -> binder.bind("db",
				Bindable.of(DbProperties.class), new ValidationBindHandler(new DbPropertiesValidator())));
		assertThat(failure).isNotNull();
		assertThat(failure.getCause()).isInstanceOf(BindValidationException.class);
		return ((BindValidationException) failure.getCause()).getValidationErrors();
	}

}
