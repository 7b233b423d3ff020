package io.github.secretsspringboot.events;

/**
 * Thrown at startup when the {@code aws.secrets.events} settings cannot work.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public class InvalidSecretEventsSettingsException extends RuntimeException {

	private final String property;

	private final String action;

	InvalidSecretEventsSettingsException(String property, String reason, String action) {
		super("Invalid " + property + ": " + reason);
		this.property = property;
		this.action = action;
	}

	/** The property to change. */
	public String getProperty() {
		return this.property;
	}

	/** How to fix it. */
	public String getAction() {
		return this.action;
	}

}
