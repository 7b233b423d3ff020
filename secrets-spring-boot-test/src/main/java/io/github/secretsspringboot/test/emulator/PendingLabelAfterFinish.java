package io.github.secretsspringboot.test.emulator;

/**
 * Where the AWSPENDING label ends up once a rotation has moved AWSCURRENT to its version.
 * The RotateSecret reference allows both: AWSPENDING on the new current version, or on no
 * version at all. Either way the next rotation may start.
 */
public enum PendingLabelAfterFinish {

	/**
	 * AWSPENDING stays on the new current version, where the function's finishSecret left
	 * it: AWS's templates move only AWSCURRENT.
	 */
	KEPT,

	/**
	 * Secrets Manager takes AWSPENDING off once the rotation succeeded, so that no
	 * version carries it; the default.
	 */
	REMOVED

}
