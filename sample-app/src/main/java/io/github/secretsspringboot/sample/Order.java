package io.github.secretsspringboot.sample;

import java.time.Instant;

/**
 * An order as stored and as returned by the API.
 *
 * @param id the order's id
 * @param item what was ordered
 * @param quantity how many
 * @param createdAt when it was placed
 */
public record Order(long id, String item, int quantity, Instant createdAt) {
}
