/**
 * Change detection and the change pipeline: periodic and forced checks of each imported
 * secret, version-aware, the update of the environment, the starter's own reactions (such
 * as a pool's credential swap) called in order, then the
 * {@link io.github.secretsspringboot.refresh.SecretsChangedEvent} for the application.
 */
@NullMarked
package io.github.secretsspringboot.refresh;

import org.jspecify.annotations.NullMarked;
