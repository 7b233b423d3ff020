package io.github.secretsspringboot.actuate;

/**
 * Whether an imported secret's values are known to be current, as the {@code secrets}
 * health contributor and endpoint report it.
 *
 * @author secrets-spring-boot
 */
enum SecretState {

	/**
	 * Loaded, and checked successfully within {@code aws.secrets.health.max-staleness}.
	 */
	FRESH,

	/**
	 * Loaded, but not checked successfully for longer than
	 * {@code aws.secrets.health.max-staleness}: the values in use may have been rotated.
	 */
	STALE,

	/**
	 * Never loaded: an {@code optional:} import that failed at startup, or a required one
	 * that did not exist while {@code spring.config.on-not-found=ignore}.
	 */
	NOT_LOADED,

	/**
	 * Loaded from a version id ({@code version-id=}), which never changes: not refreshed.
	 */
	PINNED,

	/** Loaded, but refresh is off ({@code aws.secrets.refresh.enabled=false}). */
	NOT_REFRESHED

}
