/**
 * Rotation functions that behave like AWS's templates: single-user and alternating-users
 * rotations of database credentials, rotations of JSON keys, and rotations of the API
 * keys of an {@link io.github.secretsspringboot.test.apikey.ApiKeyService} that revoke
 * the old key at finishSecret.
 */
@NullMarked
package io.github.secretsspringboot.test.rotation;

import org.jspecify.annotations.NullMarked;
