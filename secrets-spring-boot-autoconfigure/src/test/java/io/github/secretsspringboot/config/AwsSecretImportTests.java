package io.github.secretsspringboot.config;

import java.util.Base64;
import java.util.List;

import io.github.secretsspringboot.client.BootstrapSecretsManagerClient;
import io.github.secretsspringboot.core.SecretPropertySource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every syntax form, option and value shape of {@code aws-secret:} imports. */
@ExtendWith(OutputCaptureExtension.class)
class AwsSecretImportTests extends SecretImportTestSupport {

	@Test
	void jsonSecretIsFlattenedWithNestedObjectsAndArrays() {
		createSecret("prod/app/config", """
				{"api": {"url": "https://api.example.com", "timeout": 5}, "hosts": ["a", "b"], "enabled": true,
				 "empty": null}""");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/config")) {
			ConfigurableEnvironment environment = context.getEnvironment();
			assertThat(environment.getProperty("api.url")).isEqualTo("https://api.example.com");
			assertThat(environment.getProperty("api.timeout", Integer.class)).isEqualTo(5);
			assertThat(environment.getProperty("hosts[0]")).isEqualTo("a");
			assertThat(environment.getProperty("hosts[1]")).isEqualTo("b");
			assertThat(environment.getProperty("enabled", Boolean.class)).isTrue();
			assertThat(environment.getProperty("empty")).isEmpty();
		}
	}

	@Test
	void prefixPlacesEveryKeyUnderIt() {
		createSecret("prod/app/db", "{\"username\": \"app\", \"password\": \"" + CANARY + "\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db?prefix=spring.datasource")) {
			assertThat(context.getEnvironment().getProperty("spring.datasource.username")).isEqualTo("app");
			assertThat(context.getEnvironment().getProperty("spring.datasource.password")).isEqualTo(CANARY);
		}
	}

	@Test
	void keyTakesOneKeyNamedByAs() {
		createSecret("prod/app/stripe", "{\"api_key\": \"sk_live\", \"other\": \"x\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/stripe?key=api_key&as=stripe.key")) {
			assertThat(context.getEnvironment().getProperty("stripe.key")).isEqualTo("sk_live");
			assertThat(context.getEnvironment().containsProperty("other")).isFalse();
			assertThat(context.getEnvironment().containsProperty("api_key")).isFalse();
		}
	}

	@Test
	void keyWithoutAsKeepsTheKeyNameUnderThePrefix() {
		createSecret("prod/app/stripe", "{\"api_key\": \"sk_live\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/stripe?key=api_key&prefix=stripe")) {
			assertThat(context.getEnvironment().getProperty("stripe.api_key")).isEqualTo("sk_live");
		}
	}

	@Test
	void plaintextSecretIsNamedByTheLastSegmentOfItsName() {
		createSecret("prod/app/api-key", "plain-value");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/api-key")) {
			assertThat(context.getEnvironment().getProperty("api-key")).isEqualTo("plain-value");
		}
	}

	@Test
	void plaintextSecretIsNamedByAs() {
		createSecret("prod/app/api-key", "plain-value");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/api-key?as=my.api-key")) {
			assertThat(context.getEnvironment().getProperty("my.api-key")).isEqualTo("plain-value");
		}
	}

	@Test
	void jsonThatIsNotAnObjectIsPlaintext() {
		createSecret("prod/app/list", "[1, 2]");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/list")) {
			assertThat(context.getEnvironment().getProperty("list")).isEqualTo("[1, 2]");
		}
	}

	@Test
	void binarySecretIsBase64() {
		byte[] bytes = { 0, 1, 2, (byte) 0xfe, (byte) 0xff };
		secrets()
			.createSecret((request) -> request.name("prod/app/keystore").secretBinary(SdkBytes.fromByteArray(bytes)));
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/keystore?as=app.keystore")) {
			assertThat(context.getEnvironment().getProperty("app.keystore"))
				.isEqualTo(Base64.getEncoder().encodeToString(bytes));
		}
	}

	@Test
	void valueOf64KibIsLoadedWhole() {
		String big = "x".repeat(65_536);
		createSecret("prod/app/big", big);
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/big")) {
			assertThat(context.getEnvironment().getProperty("big")).isEqualTo(big);
		}
	}

	@Test
	void fullArnWithColonsIsImported() {
		String arn = createSecret("prod/shared/stripe", "{\"key\": \"v\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:" + arn + "?prefix=shared")) {
			assertThat(context.getEnvironment().getProperty("shared.key")).isEqualTo("v");
		}
	}

	@Test
	void crossAccountArnIsImported() {
		try (var otherAccount = io.github.secretsspringboot.test.emulator.SecretsManagerEmulator.builder()
			.accountId("210987654321")
			.start()) {
			String arn = otherAccount.client()
				.createSecret((request) -> request.name("prod/shared/stripe").secretString("{\"key\": \"v\"}"))
				.arn();
			assertThat(arn).contains(":210987654321:secret:prod/shared/stripe-");
			List<String> args = List.of("--spring.config.import=aws-secret:" + arn,
					"--aws.secrets.endpoint=" + otherAccount.endpoint(), "--aws.secrets.region=us-east-1");
			org.springframework.boot.SpringApplication application = new org.springframework.boot.SpringApplication(
					EmptyConfiguration.class);
			application.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
			try (ConfigurableApplicationContext context = application.run(args.toArray(String[]::new))) {
				assertThat(context.getEnvironment().getProperty("key")).isEqualTo("v");
			}
		}
	}

	@Test
	void versionStageSelectsAPreviousOrCustomVersion() {
		createSecret("prod/app/db", "{\"password\": \"one\"}");
		secrets().putSecretValue((request) -> request.secretId("prod/app/db").secretString("{\"password\": \"two\"}"));
		String blue = secrets()
			.putSecretValue((request) -> request.secretId("prod/app/db")
				.secretString("{\"password\": \"blue\"}")
				.versionStages("BLUE"))
			.versionId();
		try (ConfigurableApplicationContext context = run(
				"aws-secret:prod/app/db?version-stage=AWSPREVIOUS&prefix=previous;"
						+ "aws-secret:prod/app/db?prefix=current;prod/app/db?version-stage=BLUE&prefix=blue;"
						+ "prod/app/db?version-id=" + blue + "&prefix=pinned")) {
			ConfigurableEnvironment environment = context.getEnvironment();
			assertThat(environment.getProperty("previous.password")).isEqualTo("one");
			assertThat(environment.getProperty("current.password")).isEqualTo("two");
			assertThat(environment.getProperty("blue.password")).isEqualTo("blue");
			assertThat(environment.getProperty("pinned.password")).isEqualTo("blue");
		}
	}

	@Test
	void datasourceFormatBuildsTheJdbcUrl() {
		createSecret("prod/app/db", """
				{"engine": "postgres", "host": "db.example.com", "port": 5433, "dbname": "orders",
				 "username": "app", "password": "%s"}""".formatted(CANARY));
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db?format=datasource")) {
			ConfigurableEnvironment environment = context.getEnvironment();
			assertThat(environment.getProperty("spring.datasource.url"))
				.isEqualTo("jdbc:postgresql://db.example.com:5433/orders");
			assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("app");
			assertThat(environment.getProperty("spring.datasource.password")).isEqualTo(CANARY);
		}
	}

	@Test
	void datasourceFormatHonoursAPrefixAndEngineDefaults() {
		createSecret("prod/app/reporting", """
				{"engine": "sqlserver", "host": "mssql", "username": "r", "password": "p"}""");
		try (ConfigurableApplicationContext context = run(
				"aws-secret:prod/app/reporting?format=datasource&prefix=app.reporting.datasource")) {
			assertThat(context.getEnvironment().getProperty("app.reporting.datasource.url"))
				.isEqualTo("jdbc:sqlserver://mssql:1433");
		}
	}

	@Test
	void optionalMissingSecretIsSkippedWhileOthersLoad(CapturedOutput output) {
		createSecret("prod/app/present", "{\"present\": \"yes\"}");
		try (ConfigurableApplicationContext context = run(
				"aws-secret:prod/app/present;optional:aws-secret:prod/app/missing;optional:prod/app/also-missing")) {
			assertThat(context.getEnvironment().getProperty("present")).isEqualTo("yes");
		}
		assertThat(output).contains("Skipped optional secret 'prod/app/missing'");
	}

	@Test
	void optionalPrefixOfTheWholeImportAppliesToEverySecret() {
		try (ConfigurableApplicationContext context = run("optional:aws-secret:prod/app/missing;prod/app/other")) {
			assertThat(context.getEnvironment().containsProperty("missing")).isFalse();
		}
	}

	@Test
	void propertySourcesHaveStableNamesAndRememberTheVersion() {
		String arn = createSecret("prod/app/db", "{\"a\": \"1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db?prefix=db")) {
			PropertySource<?> source = context.getEnvironment()
				.getPropertySources()
				.get("aws-secret:prod/app/db?prefix=db");
			assertThat(source).isInstanceOf(SecretPropertySource.class);
			SecretPropertySource secretSource = (SecretPropertySource) source;
			assertThat(secretSource.getVersion().arn()).isEqualTo(arn);
			assertThat(secretSource.getVersion().versionStages()).containsExactly("AWSCURRENT");
			assertThat(secretSource.getSecretImport().getSecretId()).isEqualTo("prod/app/db");
		}
	}

	@Test
	void disabledImportsLoadNothingAndCallNothing() {
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/missing", "aws.secrets.enabled=false")) {
			assertThat(context.getEnvironment().containsProperty("missing")).isFalse();
		}
		assertThat(emulator.control().totalRequests()).isZero();
	}

	@Test
	void clientIsPromotedToOneApplicationBean() {
		createSecret("prod/app/a", "{\"a\": \"1\"}");
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/a")) {
			assertThat(context.getBeansOfType(SecretsManagerClient.class))
				.containsOnlyKeys(BootstrapSecretsManagerClient.BEAN_NAME);
		}
	}

	@Test
	void startupLogsOneSummaryLineAndNoValueEvenAtDebug(CapturedOutput output) {
		createSecret("prod/app/db", "{\"username\": \"app\", \"password\": \"" + CANARY + "\"}");
		createSecret("prod/app/token", CANARY);
		try (ConfigurableApplicationContext context = run("aws-secret:prod/app/db;prod/app/token",
				"logging.level.root=DEBUG", "logging.level.software.amazon.awssdk=DEBUG")) {
			assertThat(context.getEnvironment().getProperty("password")).isEqualTo(CANARY);
			assertThat(context.getEnvironment().getPropertySources().toString()).doesNotContain(CANARY);
		}
		assertThat(output).containsOnlyOnce("Loaded 2 secrets (3 properties) from AWS Secrets Manager in");
		assertThat(output.toString()).doesNotContain(CANARY);
	}

}
