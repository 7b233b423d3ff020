/**
 * JUnit and Spring test support:
 * {@link io.github.secretsspringboot.test.junit.EmbeddedSecretsManager} starts an
 * emulator for a test class and points the starter at it.
 */
@NullMarked
package io.github.secretsspringboot.test.junit;

import org.jspecify.annotations.NullMarked;
