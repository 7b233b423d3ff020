package io.github.secretsspringboot.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static io.github.secretsspringboot.Withheld.assertWithheld;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImportSettings}: what an import is loaded with, and that differences
 * are named without values.
 */
class ImportSettingsTests {

	@Test
	void importsAreEnabledUnlessSetToFalse() {
		assertThat(settings(Map.of()).isEnabled()).isTrue();
		assertThat(settings(Map.of("aws.secrets.enabled", "true")).isEnabled()).isTrue();
		assertThat(settings(Map.of("aws.secrets.enabled", "FALSE")).isEnabled()).isFalse();
	}

	@Test
	void theFirstClientSettingSetDifferentlyIsNamed() {
		ImportSettings seen = settings(
				Map.of("aws.secrets.region", "eu-west-1", "aws.secrets.retry.max-attempts", "3"));
		assertThat(seen.clientDifference(settings(Map.of("aws.secrets.region", "eu-west-1",
				"aws.secrets.retry.max-attempts", "3", "aws.secrets.enabled", "false"))))
			.isEmpty();
		assertThat(seen.clientDifference(settings(Map.of("aws.secrets.region", "eu-west-1",
				"aws.secrets.credentials.profile", "ops", "aws.secrets.retry.max-attempts", "5"))))
			.contains("aws.secrets.credentials.profile");
		assertThat(seen.clientDifference(settings(Map.of("aws.secrets.retry.max-attempts", "3"))))
			.contains("aws.secrets.region");
	}

	@Test
	void relaxedNamesAreTheSameSetting() {
		assertThat(settings(Map.of("aws.secrets.api-call-timeout", "5s"))
			.clientDifference(settings(Map.of("aws.secrets.apiCallTimeout", "5s")))).isEmpty();
	}

	@Test
	void toStringNamesTheSettingsNotTheirValues() {
		ImportSettings settings = settings(
				Map.of("aws.secrets.credentials.sts.role-arn", "arn:aws:iam::123456789012:role/canary-4e2f-role"));
		assertThat(settings.toString()).startsWith("ImportSettings[aws.secrets.enabled, aws.secrets.region")
			.contains("aws.secrets.credentials.sts.role-arn");
		assertWithheld("canary", "toString()", settings);
	}

	private static ImportSettings settings(Map<String, String> properties) {
		return ImportSettings.of(new Binder(new MapConfigurationPropertySource(properties)));
	}

}
