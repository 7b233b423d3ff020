/**
 * Benchmarks of start-up imports and of rotations under load; see BENCHMARKS.md.
 */
@NullMarked
package io.github.secretsspringboot.benchmarks;

import org.jspecify.annotations.NullMarked;
