package io.github.secretsspringboot.core;

/**
 * How a secret's value becomes properties.
 *
 * @author secrets-spring-boot
 */
enum SecretFormat {

	/** Keys of a JSON object (flattened), or the whole value as one property. */
	PROPERTIES("properties"),

	/**
	 * A database secret in the RDS format ({@code engine}, {@code host}, {@code port},
	 * {@code dbname}, {@code username}, {@code password}) becomes
	 * {@code spring.datasource.url}, {@code username} and {@code password}.
	 */
	DATASOURCE("datasource");

	private final String optionValue;

	SecretFormat(String optionValue) {
		this.optionValue = optionValue;
	}

	String optionValue() {
		return this.optionValue;
	}

}
