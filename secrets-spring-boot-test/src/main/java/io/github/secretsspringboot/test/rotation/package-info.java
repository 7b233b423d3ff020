/**
 * Rotation functions that behave like AWS's templates: single-user and alternating-users
 * rotations of database credentials, and rotations of JSON keys.
 */
@NullMarked
package io.github.secretsspringboot.test.rotation;

import org.jspecify.annotations.NullMarked;
