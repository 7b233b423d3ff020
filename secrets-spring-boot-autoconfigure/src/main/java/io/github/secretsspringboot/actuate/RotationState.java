package io.github.secretsspringboot.actuate;

/**
 * How a secret's rotation is doing, judged from what the refresher's last DescribeSecret
 * said: a health check or endpoint read never calls AWS.
 *
 * @author secrets-spring-boot
 */
enum RotationState {

	/** Rotation is on and nothing is wrong. */
	OK,

	/**
	 * {@code AWSPENDING} is on a version other than the {@code AWSCURRENT} one, for less
	 * than {@code aws.secrets.health.stuck-rotation-threshold}: a rotation is under way.
	 */
	ROTATING,

	/**
	 * {@code AWSPENDING} has stayed on a version other than the {@code AWSCURRENT} one
	 * for longer than {@code aws.secrets.health.stuck-rotation-threshold}: a rotation
	 * started and did not finish, and the next one will be refused until it is cleared.
	 */
	STUCK,

	/**
	 * Rotation is on and the next rotation date had passed by more than
	 * {@code aws.secrets.health.rotation-overdue-grace} when the secret was last
	 * described.
	 */
	OVERDUE,

	/** Rotation is off (or was never configured) and nothing is pending. */
	DISABLED,

	/**
	 * Not known: the secret has not been described yet (the first check comes one refresh
	 * interval after startup), or never is (batch mode, pinned imports, refresh off).
	 */
	UNKNOWN

}
