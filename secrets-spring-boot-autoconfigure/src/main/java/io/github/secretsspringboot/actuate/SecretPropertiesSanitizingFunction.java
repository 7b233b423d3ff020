package io.github.secretsspringboot.actuate;

import io.github.secretsspringboot.config.SecretPropertySource;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks every property that came from a secret in {@code /actuator/env} and
 * {@code /actuator/configprops}, whatever its name: Spring Boot masks names that look
 * sensitive ({@code password}, {@code token}), but a secret's {@code host} or
 * {@code api_url} is just as secret.
 *
 * @author secrets-spring-boot
 */
public final class SecretPropertiesSanitizingFunction implements SanitizingFunction {

	@Override
	public SanitizableData apply(SanitizableData data) {
		return (data.getPropertySource() instanceof SecretPropertySource) ? data.withSanitizedValue() : data;
	}

}
