package io.github.secretsspringboot.core;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * One constraint violation of bound properties, described without the rejected value: the
 * property, where it comes from, the constraint and its message unless that quotes the
 * value. Shared by the startup failure analysis and the refresh-time rebinding so that
 * both describe a violation the same way. Internal: not part of the starter's API.
 *
 * @param name the violating property, or {@code null} when the whole object violates a
 * constraint
 * @param property the bound property, or {@code null} when unknown
 * @param code the constraint's code, such as {@code NotBlank}
 * @param constraintMessage the constraint's message as {@code " (message)"}, or empty
 * when it quotes the value
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public record ValueFreeViolation(@Nullable ConfigurationPropertyName name, @Nullable ConfigurationProperty property,
		@Nullable String code, String constraintMessage) {

	/** The violations of the given errors, in their order. */
	public static List<ValueFreeViolation> of(ValidationErrors errors) {
		List<ValueFreeViolation> violations = new ArrayList<>();
		for (ObjectError error : errors.getAllErrors()) {
			if (error instanceof FieldError fieldError) {
				ConfigurationPropertyName name = propertyName(errors.getName(), fieldError.getField());
				violations.add(new ValueFreeViolation(name, boundProperty(errors, name), error.getCode(),
						constraintMessage(fieldError)));
			}
			else {
				violations.add(new ValueFreeViolation(null, null, error.getCode(), ""));
			}
		}
		return violations;
	}

	/**
	 * The id of the secret the property comes from, or {@code null} when it comes from
	 * elsewhere.
	 */
	public @Nullable String secretId() {
		return secretId(this.property);
	}

	/**
	 * The id of the secret the given property comes from, or {@code null} when it comes
	 * from elsewhere.
	 */
	public static @Nullable String secretId(@Nullable ConfigurationProperty property) {
		if (property != null && property.getSource() != null
				&& property.getSource().getUnderlyingSource() instanceof SecretPropertySource source) {
			return source.getSecretImport().getSecretId();
		}
		return null;
	}

	/**
	 * Names the property and its secret: the bound property's own {@code toString()}
	 * quotes its value.
	 */
	@Override
	public String toString() {
		return "ValueFreeViolation[name=" + this.name + ", secretId=" + secretId() + ", code=" + this.code
				+ ", constraintMessage=" + this.constraintMessage + "]";
	}

	private static ConfigurationPropertyName propertyName(ConfigurationPropertyName prefix, String field) {
		ConfigurationPropertyName name = ConfigurationPropertyName.adapt(DataObjectPropertyName.toDashedForm(field),
				'.');
		return name.isEmpty() ? prefix : prefix.append(name);
	}

	private static @Nullable ConfigurationProperty boundProperty(ValidationErrors errors,
			ConfigurationPropertyName name) {
		for (ConfigurationProperty property : errors.getBoundProperties()) {
			if (property.getName().equals(name)) {
				return property;
			}
		}
		return null;
	}

	/** The constraint's message, unless it quotes the rejected value. */
	private static String constraintMessage(FieldError error) {
		String message = error.getDefaultMessage();
		Object rejected = error.getRejectedValue();
		String value = (rejected != null) ? rejected.toString() : "";
		if (message == null || (!value.isEmpty() && message.contains(value))) {
			return "";
		}
		return " (" + message + ")";
	}

}
