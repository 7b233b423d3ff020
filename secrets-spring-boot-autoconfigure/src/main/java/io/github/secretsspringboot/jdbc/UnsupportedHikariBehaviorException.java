package io.github.secretsspringboot.jdbc;

/**
 * Thrown at startup when the HikariCP on the classpath does not open and hand over
 * connections as credential rotation relies on (see {@link HikariThreadingCheck}).
 *
 * @author secrets-spring-boot
 */
final class UnsupportedHikariBehaviorException extends RuntimeException {

	private final String hikariVersion;

	private final String behavior;

	UnsupportedHikariBehaviorException(String hikariVersion, String behavior) {
		super("HikariCP " + hikariVersion + " does not behave as credential rotation relies on: " + behavior);
		this.hikariVersion = hikariVersion;
		this.behavior = behavior;
	}

	String getHikariVersion() {
		return this.hikariVersion;
	}

	String getBehavior() {
		return this.behavior;
	}

}
