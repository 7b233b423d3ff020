/**
 * Assertions that no secret value appears where it must not (logs, messages, responses).
 */
@NullMarked
package io.github.secretsspringboot.test.assertions;

import org.jspecify.annotations.NullMarked;
