package io.github.secretsspringboot.test.emulator;

/**
 * The event Secrets Manager sends a rotation function: {@code SecretId} (the ARN),
 * {@code ClientRequestToken} (the id of the new version) and {@code Step}.
 */
public record RotationEvent(String secretId, String clientRequestToken, RotationStep step) {
}
