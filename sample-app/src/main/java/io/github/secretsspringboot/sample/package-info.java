/**
 * A sample application whose data source and payment API key come from Secrets Manager.
 */
@NullMarked
package io.github.secretsspringboot.sample;

import org.jspecify.annotations.NullMarked;
