package io.github.secretsspringboot.refresh;

import java.util.ArrayList;
import java.util.List;

import io.github.secretsspringboot.config.SecretPropertySource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Says why properties did not bind, naming the properties, where they come from and the
 * constraint or target type, never a value: the messages of binding exceptions and of their
 * causes quote the rejected value.
 *
 * @author secrets-spring-boot
 */
final class BindFailureDescription {

	private BindFailureDescription() {
	}

	static String of(Throwable failure) {
		BindValidationException validation = find(failure, BindValidationException.class);
		if (validation != null) {
			return describe(validation.getValidationErrors());
		}
		BindException bind = find(failure, BindException.class);
		if (bind != null) {
			String property = (bind.getProperty() != null) ? bind.getProperty().getName().toString()
					: bind.getName().toString();
			return "Property '" + property + "'" + from(bind.getProperty()) + " cannot be converted to "
					+ bind.getTarget().getType() + " (" + causeTypes(bind.getCause()) + "); value withheld.";
		}
		return "Cause: " + causeTypes(failure) + " (message withheld: it may quote a value).";
	}

	private static String describe(ValidationErrors errors) {
		List<String> violations = new ArrayList<>();
		for (ObjectError error : errors.getAllErrors()) {
			if (error instanceof FieldError fieldError) {
				ConfigurationPropertyName name = propertyName(errors.getName(), fieldError.getField());
				ConfigurationProperty property = boundProperty(errors, name);
				violations.add("property '" + name + "'" + from(property) + " violates @" + error.getCode()
						+ constraintMessage(fieldError));
			}
			else {
				violations.add("'" + errors.getName() + "' violates @" + error.getCode());
			}
		}
		return "Validation failed: " + String.join("; ", violations) + " (values withheld).";
	}

	static ConfigurationPropertyName propertyName(ConfigurationPropertyName prefix, String field) {
		ConfigurationPropertyName name = ConfigurationPropertyName
			.adapt(DataObjectPropertyName.toDashedForm(field), '.');
		return name.isEmpty() ? prefix : prefix.append(name);
	}

	private static ConfigurationProperty boundProperty(ValidationErrors errors, ConfigurationPropertyName name) {
		for (ConfigurationProperty property : errors.getBoundProperties()) {
			if (property.getName().equals(name)) {
				return property;
			}
		}
		return null;
	}

	private static String from(ConfigurationProperty property) {
		if (property != null && property.getSource() != null
				&& property.getSource().getUnderlyingSource() instanceof SecretPropertySource source) {
			return " (from secret '" + source.getSecretImport().getSecretId() + "')";
		}
		return "";
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

	private static String causeTypes(Throwable failure) {
		List<String> types = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			types.add(cause.getClass().getName());
		}
		return types.isEmpty() ? "no cause" : String.join(" caused by ", types);
	}

	private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
