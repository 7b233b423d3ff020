package io.github.secretsspringboot.config;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains a missing imported secret. Runs before Spring Boot's generic analyzer for
 * missing config data so that the text is about secrets.
 *
 * @author secrets-spring-boot
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecretNotFoundFailureAnalyzer extends AbstractFailureAnalyzer<ConfigDataResourceNotFoundException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, ConfigDataResourceNotFoundException cause) {
		if (!(cause.getResource() instanceof AwsSecretConfigDataResource resource)) {
			return null;
		}
		String secretId = resource.getSecretImport().getSecretId();
		return new FailureAnalysis(
				"Secret '" + secretId + "' imported by spring.config.import does not exist in AWS Secrets Manager"
						+ " (or is not visible in the configured region and account).",
				"Create the secret (aws secretsmanager create-secret --name " + secretId
						+ " ...), check aws.secrets.region and the secret name or ARN, or prefix the import with "
						+ "'optional:' (optional:aws-secret:" + secretId + ") if the application can start without it.",
				cause);
	}

}
