/**
 * Connection pools that take new credentials: HikariCP data sources whose credentials
 * come from imported secrets, swapped when a secret changes, and recovered when the
 * database rejects a login during a rotation.
 */
@NullMarked
package io.github.secretsspringboot.jdbc;

import org.jspecify.annotations.NullMarked;
