package io.github.secretsspringboot.refresh;

import java.util.ArrayList;
import java.util.List;

import io.github.secretsspringboot.core.ValueFreeViolation;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;

/**
 * Says why properties did not bind, naming the properties, where they come from and the
 * constraint or target type, never a value: the messages of binding exceptions and of
 * their causes quote the rejected value.
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
		for (ValueFreeViolation violation : ValueFreeViolation.of(errors)) {
			if (violation.name() != null) {
				violations.add("property '" + violation.name() + "'" + from(violation.secretId()) + " violates @"
						+ violation.code() + violation.constraintMessage());
			}
			else {
				violations.add("'" + errors.getName() + "' violates @" + violation.code());
			}
		}
		return "Validation failed: " + String.join("; ", violations) + " (values withheld).";
	}

	private static String from(@Nullable ConfigurationProperty property) {
		return from(ValueFreeViolation.secretId(property));
	}

	private static String from(@Nullable String secretId) {
		return (secretId != null) ? " (from secret '" + secretId + "')" : "";
	}

	private static @Nullable String causeTypes(@Nullable Throwable failure) {
		List<String> types = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			types.add(cause.getClass().getName());
		}
		return types.isEmpty() ? "no cause" : String.join(" caused by ", types);
	}

	private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
