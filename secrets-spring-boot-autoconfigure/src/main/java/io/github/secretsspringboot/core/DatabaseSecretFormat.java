package io.github.secretsspringboot.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Turns a secret in the RDS database format ({@code engine}, {@code host}, {@code port},
 * {@code dbname}, {@code username}, {@code password}) into DataSource properties with a
 * JDBC URL built for the engine.
 *
 * @author secrets-spring-boot
 */
final class DatabaseSecretFormat {

	static final String DEFAULT_PREFIX = "spring.datasource.";

	private DatabaseSecretFormat() {
	}

	// A missing engine, host or database name has thrown.
	@SuppressWarnings("NullAway")
	static Map<String, Object> properties(String secretId, Map<String, Object> secret, String prefix) {
		List<String> missing = new ArrayList<>();
		for (String required : List.of("engine", "host", "username", "password")) {
			if (text(secret, required) == null) {
				missing.add(required);
			}
		}
		String engineName = text(secret, "engine");
		Engine engine = (engineName != null) ? Engine.of(engineName) : null;
		if (engineName != null && engine == null) {
			throw SecretImportException.content(secretId,
					"its engine '" + engineName + "' is not one of postgres, "
							+ "mysql, mariadb, sqlserver, oracle, redshift or db2",
					"Set 'engine' in the secret to a supported engine, or import it without format=datasource "
							+ "and build spring.datasource.url yourself.");
		}
		if (engine != null && engine.needsDatabaseName() && text(secret, "dbname") == null) {
			missing.add("dbname");
		}
		if (!missing.isEmpty()) {
			throw SecretImportException.content(secretId,
					"format=datasource needs the keys " + String.join(", ", missing) + ", which the secret lacks",
					"Add the missing keys to the secret (the RDS format: engine, host, port, dbname, username, "
							+ "password), or import it without format=datasource.");
		}
		String port = (text(secret, "port") != null) ? text(secret, "port") : String.valueOf(engine.defaultPort());
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(prefix + "url", engine.jdbcUrl(text(secret, "host"), port, text(secret, "dbname")));
		properties.put(prefix + "username", text(secret, "username"));
		properties.put(prefix + "password", text(secret, "password"));
		return properties;
	}

	private static @Nullable String text(Map<String, Object> secret, String key) {
		String text = SecretJson.text(secret, key);
		return (text == null || text.isEmpty()) ? null : text;
	}

	/**
	 * Database engines as RDS and Secrets Manager name them, with their JDBC URL forms.
	 */
	enum Engine {

		POSTGRES(5432, true) {
			@Override
			String jdbcUrl(String host, String port, String database) {
				return "jdbc:postgresql://" + host + ":" + port + "/" + database;
			}
		},

		MYSQL(3306, false) {
			@Override
			String jdbcUrl(String host, String port, String database) {
				return "jdbc:mysql://" + host + ":" + port + "/" + ((database != null) ? database : "");
			}
		},

		MARIADB(3306, false) {
			@Override
			String jdbcUrl(String host, String port, String database) {
				return "jdbc:mariadb://" + host + ":" + port + "/" + ((database != null) ? database : "");
			}
		},

		SQLSERVER(1433, false) {
			@Override
			String jdbcUrl(String host, String port, String database) {
				return "jdbc:sqlserver://" + host + ":" + port
						+ ((database != null) ? ";databaseName=" + database : "");
			}
		},

		ORACLE(1521, true) {
			@Override
			String jdbcUrl(String host, String port, String database) {
				return "jdbc:oracle:thin:@//" + host + ":" + port + "/" + database;
			}
		},

		REDSHIFT(5439, true) {
			@Override
			String jdbcUrl(String host, String port, String database) {
				return "jdbc:redshift://" + host + ":" + port + "/" + database;
			}
		},

		DB2(50000, true) {
			@Override
			String jdbcUrl(String host, String port, String database) {
				return "jdbc:db2://" + host + ":" + port + "/" + database;
			}
		};

		private final int defaultPort;

		private final boolean needsDatabaseName;

		Engine(int defaultPort, boolean needsDatabaseName) {
			this.defaultPort = defaultPort;
			this.needsDatabaseName = needsDatabaseName;
		}

		abstract String jdbcUrl(String host, String port, String database);

		int defaultPort() {
			return this.defaultPort;
		}

		boolean needsDatabaseName() {
			return this.needsDatabaseName;
		}

		/** The engine of an RDS engine name, Aurora and edition variants included. */
		static @Nullable Engine of(String name) {
			String engine = name.toLowerCase(Locale.ROOT);
			if (engine.equals("postgres") || engine.equals("postgresql") || engine.startsWith("aurora-postgresql")) {
				return POSTGRES;
			}
			if (engine.equals("mysql") || engine.equals("aurora") || engine.startsWith("aurora-mysql")) {
				return MYSQL;
			}
			if (engine.equals("mariadb")) {
				return MARIADB;
			}
			if (engine.startsWith("sqlserver")) {
				return SQLSERVER;
			}
			if (engine.startsWith("oracle")) {
				return ORACLE;
			}
			if (engine.equals("redshift")) {
				return REDSHIFT;
			}
			if (engine.startsWith("db2")) {
				return DB2;
			}
			return null;
		}

	}

}
