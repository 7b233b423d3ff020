/**
 * The model the other packages share: an import parsed from an {@code aws-secret:}
 * location ({@link io.github.secretsspringboot.core.SecretImport}), a version of a secret
 * ({@link io.github.secretsspringboot.core.SecretValue}), the properties it maps to
 * ({@link io.github.secretsspringboot.core.SecretPropertyMapper}) and the property source
 * that holds them ({@link io.github.secretsspringboot.core.SecretPropertySource}), and
 * the one failure vocabulary ({@link io.github.secretsspringboot.core.SecretErrorKind}).
 * Public because several packages of the starter use it; applications rarely need it.
 */
@NullMarked
package io.github.secretsspringboot.core;

import org.jspecify.annotations.NullMarked;
