package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretImport;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.config.ConfigDataResource;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretNotFoundFailureAnalyzer}: a missing secret is named with the
 * ways to fix the import.
 */
class SecretNotFoundFailureAnalyzerTests {

	@Test
	void aMissingSecretIsNamedWithHowToCreateItOrMakeItOptional() {
		AwsSecretConfigDataResource resource = new AwsSecretConfigDataResource(
				SecretImport.parse("aws-secret:prod/app/db?prefix=db", false).get(0), true);
		FailureAnalysis analysis = new SecretNotFoundFailureAnalyzer()
			.analyze(new ConfigDataResourceNotFoundException(resource));
		assertThat(analysis.getDescription()).isEqualTo("Secret 'prod/app/db' imported by spring.config.import does "
				+ "not exist in AWS Secrets Manager (or is not visible in the configured region and account).");
		assertThat(analysis.getAction()).contains("aws secretsmanager create-secret --name prod/app/db")
			.contains("aws.secrets.region")
			.contains("optional:aws-secret:prod/app/db");
	}

	@Test
	void otherMissingResourcesAreLeftToSpringBoot() {
		ConfigDataResource file = new ConfigDataResource() {
		};
		assertThat(new SecretNotFoundFailureAnalyzer().analyze(new ConfigDataResourceNotFoundException(file))).isNull();
	}

}
