/**
 * A small HTTP service protected by API keys, for tests of credentials that a rotation
 * revokes: {@link io.github.secretsspringboot.test.apikey.ApiKeyService}.
 */
@NullMarked
package io.github.secretsspringboot.test.apikey;

import org.jspecify.annotations.NullMarked;
