package io.github.secretsspringboot.config;

import io.github.secretsspringboot.core.SecretImport;
import io.github.secretsspringboot.core.SecretImportException;
import io.github.secretsspringboot.core.SecretImportOptions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Option values of an import: taken as written, with %XX escapes decoded. */
class SettingsImportOptionValuesTests {

	private static SecretImportOptions options(String value) {
		return SecretImport.parse(value, false).get(0).getOptions();
	}

	@Test
	void plusIsAPlus() {
		assertThat(options("aws-secret:prod/app?key=a+b&version-stage=BLUE+1").key()).isEqualTo("a+b");
		assertThat(options("aws-secret:prod/app?version-stage=BLUE+1").versionStage()).isEqualTo("BLUE+1");
	}

	@Test
	void escapesAreDecodedAsUtf8() {
		assertThat(options("aws-secret:prod/app?key=a%2Bb").key()).isEqualTo("a+b");
		assertThat(options("aws-secret:prod/app?key=x%26y%3Bz%25").key()).isEqualTo("x&y;z%");
		assertThat(options("aws-secret:prod/app?key=caf%C3%A9-\uD83D\uDD11").key()).isEqualTo("café-\uD83D\uDD11");
	}

	@Test
	void strayPercentIsAnInvalidImportNamingTheOption() {
		for (String value : new String[] { "100%", "a%2", "%zz" }) {
			assertThatExceptionOfType(SecretImportException.class)
				.isThrownBy(() -> options("aws-secret:prod/app?key=" + value))
				.withMessageContaining("aws-secret:prod/app?key=" + value)
				.withMessageContaining("option 'key'")
				.withMessageContaining("%25");
		}
	}

}
