/**
 * An embedded PostgreSQL server with password authentication, for rotation tests.
 */
@NullMarked
package io.github.secretsspringboot.test.postgres;

import org.jspecify.annotations.NullMarked;
