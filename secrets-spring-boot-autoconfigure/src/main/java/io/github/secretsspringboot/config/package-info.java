/**
 * Start-up: Spring Boot's config data API for {@code spring.config.import:
 * aws-secret:...}. Resolves the locations, loads every import in batched requests before
 * the application context exists, checks where the import's settings are written, and
 * turns failures into failure analyses that name the secret.
 */
@NullMarked
package io.github.secretsspringboot.config;

import org.jspecify.annotations.NullMarked;
