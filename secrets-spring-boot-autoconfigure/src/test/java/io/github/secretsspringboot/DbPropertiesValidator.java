package io.github.secretsspringboot;

import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Rejects every {@link DbProperties}, quoting the password in one message as a careless
 * validator would.
 */
public class DbPropertiesValidator implements Validator {

	@Override
	public boolean supports(Class<?> type) {
		return type == DbProperties.class;
	}

	@Override
	public void validate(Object target, Errors errors) {
		DbProperties properties = (DbProperties) target;
		errors.rejectValue("password", "Size", "'" + properties.getPassword() + "' must be 40 characters long");
		errors.rejectValue("userName", "NotBlank", "must not be blank");
		errors.reject("Consistent", "user and password must belong together");
	}

}
