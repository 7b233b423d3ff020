package io.github.secretsspringboot.core;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.github.secretsspringboot.Withheld.assertWithheld;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DatabaseSecretFormat}: the JDBC URL of each engine and the keys an RDS
 * secret must have.
 */
class DatabaseSecretFormatTests {

	private static final String CANARY = "canary-5d1e0b-database";

	@Test
	void eachEngineGetsItsOwnUrlAndDefaultPort() {
		assertThat(url("postgres", null, "orders")).isEqualTo("jdbc:postgresql://h:5432/orders");
		assertThat(url("aurora-postgresql", "6000", "orders")).isEqualTo("jdbc:postgresql://h:6000/orders");
		assertThat(url("mysql", null, null)).isEqualTo("jdbc:mysql://h:3306/");
		assertThat(url("aurora-mysql", null, "orders")).isEqualTo("jdbc:mysql://h:3306/orders");
		assertThat(url("aurora", null, "orders")).isEqualTo("jdbc:mysql://h:3306/orders");
		assertThat(url("MariaDB", null, "orders")).isEqualTo("jdbc:mariadb://h:3306/orders");
		assertThat(url("sqlserver-se", null, null)).isEqualTo("jdbc:sqlserver://h:1433");
		assertThat(url("sqlserver-ex", null, "orders")).isEqualTo("jdbc:sqlserver://h:1433;databaseName=orders");
		assertThat(url("oracle-ee", null, "ORCL")).isEqualTo("jdbc:oracle:thin:@//h:1521/ORCL");
		assertThat(url("redshift", null, "dev")).isEqualTo("jdbc:redshift://h:5439/dev");
		assertThat(url("db2-se", null, "sample")).isEqualTo("jdbc:db2://h:50000/sample");
	}

	@Test
	void usernameAndPasswordFollowTheUrlUnderThePrefix() {
		Map<String, Object> properties = DatabaseSecretFormat.properties("db", secret("postgres", null, "orders"),
				"app.db.");
		assertThat(properties).containsOnlyKeys("app.db.url", "app.db.username", "app.db.password");
		assertThat(properties.get("app.db.username")).isEqualTo("app");
		assertThat(properties.get("app.db.password")).isEqualTo(CANARY);
	}

	@Test
	void missingKeysAreNamedAllAtOnceWithoutAnyValue() {
		Map<String, Object> secret = new LinkedHashMap<>();
		secret.put("engine", "postgres");
		secret.put("username", "");
		secret.put("password", CANARY);
		assertThatExceptionOfType(SecretImportException.class)
			.isThrownBy(() -> DatabaseSecretFormat.properties("prod/db", secret, DatabaseSecretFormat.DEFAULT_PREFIX))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("Secret 'prod/db'")
					.contains("format=datasource needs the keys host, username, dbname, which the secret lacks");
				assertWithheld(CANARY, "The message", ex.getMessage());
				assertThat(ex.getAction()).contains("Add the missing keys");
			});
	}

	@Test
	void enginesThatNeedNoDatabaseNameDoNotAskForIt() {
		assertThat(url("mariadb", null, null)).isEqualTo("jdbc:mariadb://h:3306/");
	}

	@Test
	void anUnknownEngineIsNamedWithTheSupportedOnes() {
		assertThatExceptionOfType(SecretImportException.class)
			.isThrownBy(() -> DatabaseSecretFormat.properties("prod/db", secret("mongodb", null, "orders"),
					DatabaseSecretFormat.DEFAULT_PREFIX))
			.withMessageContaining(
					"its engine 'mongodb' is not one of postgres, mysql, mariadb, sqlserver, oracle, redshift or db2")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("build spring.datasource.url yourself"));
	}

	private static String url(String engine, String port, String database) {
		return (String) DatabaseSecretFormat
			.properties("db", secret(engine, port, database), DatabaseSecretFormat.DEFAULT_PREFIX)
			.get("spring.datasource.url");
	}

	private static Map<String, Object> secret(String engine, String port, String database) {
		Map<String, Object> secret = new LinkedHashMap<>();
		secret.put("engine", engine);
		secret.put("host", "h");
		if (port != null) {
			secret.put("port", port);
		}
		if (database != null) {
			secret.put("dbname", database);
		}
		secret.put("username", "app");
		secret.put("password", CANARY);
		return secret;
	}

}
