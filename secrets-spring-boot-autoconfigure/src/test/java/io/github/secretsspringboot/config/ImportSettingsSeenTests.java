package io.github.secretsspringboot.config;

import java.util.Map;

import io.github.secretsspringboot.config.ImportSettingsSeen.Difference;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ImportSettingsSeen}: a setting an import was loaded without is found
 * once, naming the import and the setting.
 */
class ImportSettingsSeenTests {

	@Test
	void importsLoadedWithTheEffectiveSettingsDifferInNothing() {
		ImportSettingsSeen seen = new ImportSettingsSeen();
		seen.resolved("aws-secret:a", settings(Map.of("aws.secrets.region", "eu-west-1")));
		seen.resolved("aws-secret:b", settings(Map.of("aws.secrets.region", "eu-west-1")));
		assertThat(seen.difference(settings(Map.of("aws.secrets.region", "eu-west-1")))).isEmpty();
	}

	@Test
	void aClientSettingTheImportsDidNotSeeIsNamedWithTheFirstImport() {
		ImportSettingsSeen seen = new ImportSettingsSeen();
		seen.resolved("aws-secret:a", settings(Map.of("aws.secrets.region", "eu-west-1")));
		seen.resolved("aws-secret:b", settings(Map.of("aws.secrets.region", "eu-west-1")));
		assertThat(seen.difference(settings(Map.of("aws.secrets.region", "us-east-1"))))
			.contains(new Difference("aws-secret:a", "aws.secrets.region"));
	}

	@Test
	void anImportResolvedWhileDisabledDiffersInEnabled() {
		ImportSettingsSeen seen = new ImportSettingsSeen();
		seen.resolved("aws-secret:a", settings(Map.of("aws.secrets.enabled", "false")));
		assertThat(seen.difference(settings(Map.of()))).contains(new Difference("aws-secret:a", "aws.secrets.enabled"));
	}

	@Test
	void theDifferenceIsToldOnlyOnce() {
		ImportSettingsSeen seen = new ImportSettingsSeen();
		seen.resolved("aws-secret:a", settings(Map.of("aws.secrets.region", "eu-west-1")));
		ImportSettings effective = settings(Map.of("aws.secrets.region", "us-east-1"));
		assertThat(seen.difference(effective)).isPresent();
		assertThat(seen.difference(effective)).isEmpty();
	}

	private static ImportSettings settings(Map<String, String> properties) {
		return ImportSettings.of(new Binder(new MapConfigurationPropertySource(properties)));
	}

}
