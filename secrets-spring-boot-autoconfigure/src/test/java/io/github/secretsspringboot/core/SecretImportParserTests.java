package io.github.secretsspringboot.core;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SecretImportParser}: every form of an {@code aws-secret:} location and
 * the error each mistake gives.
 */
class SecretImportParserTests {

	private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/app/db-AbCdEf";

	@Test
	void aNameIsOneRequiredImportWithoutOptions() {
		List<SecretImport> imports = SecretImportParser.parse("aws-secret:prod/app/db", false);
		assertThat(imports).singleElement().satisfies((secretImport) -> {
			assertThat(secretImport.getSecretId()).isEqualTo("prod/app/db");
			assertThat(secretImport.isOptional()).isFalse();
			assertThat(secretImport.isPinned()).isFalse();
			assertThat(secretImport.getOptions()).isEqualTo(SecretImportOptions.NONE);
			assertThat(secretImport.describe()).isEqualTo("aws-secret:prod/app/db");
		});
	}

	@Test
	void fullAndPartialArnsAreSecretIds() {
		assertThat(SecretImportParser.parse("aws-secret:" + ARN, false).get(0).getSecretId()).isEqualTo(ARN);
		String partial = "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:prod/app/db";
		assertThat(SecretImportParser.parse("aws-secret:" + partial, false).get(0).getSecretId()).isEqualTo(partial);
	}

	@Test
	void secretsSeparatedBySemicolonsAreImportedInOrderEachOptionalOnItsOwn() {
		List<SecretImport> imports = SecretImportParser
			.parse("aws-secret:first ; optional:second?prefix=b;aws-secret:third", false);
		assertThat(imports).extracting(SecretImport::getSecretId).containsExactly("first", "second", "third");
		assertThat(imports).extracting(SecretImport::isOptional).containsExactly(false, true, false);
		assertThat(imports.get(1).toString()).isEqualTo("optional:aws-secret:second?prefix=b");
	}

	@Test
	void anOptionalImportMakesEverySecretOfItOptional() {
		assertThat(SecretImportParser.parse("aws-secret:a;b", true)).extracting(SecretImport::isOptional)
			.containsExactly(true, true);
	}

	@Test
	void everyOptionIsReadAndDescribedBackInACanonicalOrder() {
		SecretImport secretImport = SecretImportParser
			.parse("aws-secret:app?format=PROPERTIES&as=app.token&key=token&version-stage=AWSPREVIOUS&prefix=my.app.",
					false)
			.get(0);
		SecretImportOptions options = secretImport.getOptions();
		assertThat(options.prefix()).isEqualTo("my.app.");
		assertThat(options.key()).isEqualTo("token");
		assertThat(options.as()).isEqualTo("app.token");
		assertThat(options.versionStage()).isEqualTo("AWSPREVIOUS");
		assertThat(options.versionId()).isNull();
		assertThat(options.format()).isEqualTo(SecretFormat.PROPERTIES);
		assertThat(secretImport.isPinned()).isTrue();
		assertThat(secretImport.describe())
			.isEqualTo("aws-secret:app?prefix=my.app&key=token&as=app.token&version-stage=AWSPREVIOUS");
	}

	@Test
	void aVersionIdPinsTheImportAndTheCurrentStageDoesNot() {
		String versionId = "a1b2c3d4-0000-1111-2222-333344445555";
		assertThat(SecretImportParser.parse("aws-secret:app?version-id=" + versionId, false).get(0))
			.satisfies((secretImport) -> {
				assertThat(secretImport.getOptions().versionId()).isEqualTo(versionId);
				assertThat(secretImport.isPinned()).isTrue();
			});
		assertThat(SecretImportParser.parse("aws-secret:app?version-stage=AWSCURRENT", false).get(0).isPinned())
			.isFalse();
	}

	@Test
	void formatDatasourceIsReadWhateverItsCase() {
		assertThat(SecretImportParser.parse("aws-secret:db?format=DataSource", false).get(0).getOptions().format())
			.isEqualTo(SecretFormat.DATASOURCE);
	}

	@Test
	void percentEscapesAreDecodedAsUtf8AndAPlusStaysAPlus() {
		SecretImportOptions options = SecretImportParser
			.parse("aws-secret:app?key=a%2Bb+c%C3%A9%25&version-stage=v+1", false)
			.get(0)
			.getOptions();
		assertThat(options.key()).isEqualTo("a+b+cé%");
		assertThat(options.versionStage()).isEqualTo("v+1");
	}

	@Test
	void anImportOfAnotherSchemeIsRejected() {
		assertInvalid("aws-secrets:app", "aws-secrets:app", "it does not start with 'aws-secret:'");
	}

	@Test
	void anImportThatNamesNoSecretIsRejected() {
		assertInvalid("aws-secret:", "aws-secret:", "it names no secret");
		assertInvalid("aws-secret:a;;b", "aws-secret:", "it names no secret");
		assertInvalid("aws-secret:?key=a", "aws-secret:?key=a", "it names no secret");
	}

	@Test
	void aMalformedArnIsRejectedWithTheFormOfAnArn() {
		assertInvalid("aws-secret:arn:aws:secretsmanager:eu-west-1:123:secret:db", "aws-secret:arn:aws",
				"is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)");
	}

	@Test
	void aNameWithForbiddenCharactersOrTooLongIsRejected() {
		assertInvalid("aws-secret:my secret", "'my secret'", "is not a valid secret name");
		assertInvalid("aws-secret:" + "a".repeat(513), "aws-secret:aaa", "is not a valid secret name");
	}

	@Test
	void anUnknownOptionIsRejectedWithTheOptionsThatExist() {
		assertInvalid("aws-secret:app?stage=AWSPREVIOUS", "aws-secret:app?stage=AWSPREVIOUS",
				"'stage' is not an option; use prefix, key, as, version-stage, version-id or format");
	}

	@Test
	void anOptionWithoutValueOrGivenTwiceIsRejected() {
		assertInvalid("aws-secret:app?key", "aws-secret:app?key", "option 'key' has no value");
		assertInvalid("aws-secret:app?key=", "aws-secret:app?key=", "option 'key' has no value");
		assertInvalid("aws-secret:app?key=a&key=b", "aws-secret:app?key=a&key=b", "option 'key' is given twice");
	}

	@Test
	void aVersionIdOfTheWrongLengthIsRejected() {
		assertInvalid("aws-secret:app?version-id=v1", "aws-secret:app?version-id=v1",
				"option 'version-id' must be a version id of 32 to 64 characters");
	}

	@Test
	void anUnknownFormatIsRejected() {
		assertInvalid("aws-secret:app?format=yaml", "aws-secret:app?format=yaml",
				"option 'format' must be 'datasource' or 'properties', not 'yaml'");
	}

	@Test
	void formatDatasourceTakesNeitherKeyNorAs() {
		assertInvalid("aws-secret:db?format=datasource&key=password", "aws-secret:db?format=datasource&key=password",
				"options 'key' and 'as' cannot be combined with 'format=datasource'");
		assertInvalid("aws-secret:db?format=datasource&as=db", "aws-secret:db?format=datasource&as=db",
				"options 'key' and 'as' cannot be combined with 'format=datasource'");
	}

	@Test
	void aPercentThatStartsNoEscapeIsRejectedWithHowToWriteOne() {
		assertInvalid("aws-secret:app?key=50%", "aws-secret:app?key=50%",
				"option 'key' has a '%' that does not start an escape such as %2B; write a literal '%' as %25");
		assertInvalid("aws-secret:app?key=%zz", "aws-secret:app?key=%zz", "write a literal '%' as %25");
	}

	@Test
	void prefixAndAsMustBePropertyNames() {
		assertInvalid("aws-secret:app?prefix=My_App", "aws-secret:app?prefix=My_App",
				"option 'prefix' value 'My_App' is not a valid property name");
		assertInvalid("aws-secret:app?as=Token", "aws-secret:app?as=Token",
				"option 'as' value 'Token' is not a valid property name");
	}

	@Test
	void everyErrorSaysHowToWriteAnImport() {
		assertThatExceptionOfType(SecretImportException.class)
			.isThrownBy(() -> SecretImportParser.parse("aws-secret:app?nope=1", false))
			.satisfies((ex) -> assertThat(ex.getAction()).contains("spring.config.import")
				.contains("aws-secret:<name or ARN>[?option=value&...]"));
	}

	private static void assertInvalid(String location, String named, String problem) {
		assertThatExceptionOfType(SecretImportException.class)
			.isThrownBy(() -> SecretImportParser.parse(location, false))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).startsWith("The import '").contains(named).contains(problem);
				assertThat(ex.getSecretId()).contains(named.replace("'", ""));
			});
	}

}
