/**
 * Actuator: the {@code secrets} endpoint, the health indicator, the Micrometer meters and
 * the sanitizing of properties that hold secret values.
 */
@NullMarked
package io.github.secretsspringboot.actuate;

import org.jspecify.annotations.NullMarked;
