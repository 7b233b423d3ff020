package io.github.secretsspringboot.test.emulator;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Stands in for a rotation Lambda function. RotateSecret invokes it once per step
 * ({@code createSecret}, {@code setSecret}, {@code testSecret}, {@code finishSecret}) with the
 * event a Lambda would receive, and a Secrets Manager client pointed at the emulator that
 * the function uses exactly as a Lambda uses the real service. Throwing from a step ends the
 * rotation there, leaving the staging labels where AWS would leave them.
 */
@FunctionalInterface
public interface RotationFunction {

	void handle(RotationEvent event, SecretsManagerClient secretsManager) throws Exception;

}
