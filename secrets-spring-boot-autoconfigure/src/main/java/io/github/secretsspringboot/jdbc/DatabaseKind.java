package io.github.secretsspringboot.jdbc;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The database behind a pool, which decides how a rejected login shows in a
 * {@link java.sql.SQLException}.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public enum DatabaseKind {

	POSTGRESQL("postgresql"),

	MYSQL("mysql"),

	MARIADB("mariadb"),

	SQL_SERVER("sqlserver"),

	ORACLE("oracle"),

	DB2("db2"),

	H2("h2"),

	REDSHIFT("redshift"),

	/** Any other database: only the standard SQLState class 28 tells a rejected login. */
	OTHER(null);

	private final @Nullable String marker;

	DatabaseKind(@Nullable String marker) {
		this.marker = marker;
	}

	/**
	 * The kind of a JDBC URL ({@code jdbc:postgresql:...}), or, when there is none, of a
	 * driver or DataSource class name.
	 * @param jdbcUrlOrClassName a JDBC URL, a class name, or {@code null}
	 * @return the kind, {@link #OTHER} when none is recognised
	 */
	public static DatabaseKind of(String jdbcUrlOrClassName) {
		if (jdbcUrlOrClassName == null) {
			return OTHER;
		}
		String text = jdbcUrlOrClassName.toLowerCase(Locale.ROOT);
		if (text.startsWith("jdbc:")) {
			// jdbc:<subprotocol>:..., with wrappers such as jdbc:aws-wrapper:postgresql:
			// or
			// jdbc:p6spy:mysql: naming the database after them.
			for (String part : text.substring(5).split(":")) {
				DatabaseKind kind = ofWord(part);
				if (kind != OTHER) {
					return kind;
				}
				if (part.startsWith("//") || part.startsWith("@")) {
					break;
				}
			}
			return OTHER;
		}
		return ofClassName(text);
	}

	private static DatabaseKind ofWord(String word) {
		if (word.equals("postgres") || word.equals("pgsql")) {
			return POSTGRESQL;
		}
		if (word.equals("microsoft") || word.equals("jtds")) {
			return SQL_SERVER;
		}
		for (DatabaseKind kind : values()) {
			if (kind.marker != null && word.equals(kind.marker)) {
				return kind;
			}
		}
		return OTHER;
	}

	private static DatabaseKind ofClassName(String className) {
		// Redshift first: its driver's package also names PostgreSQL in some versions.
		if (className.contains("redshift")) {
			return REDSHIFT;
		}
		if (className.contains("mariadb")) {
			return MARIADB;
		}
		if (className.contains("sqlserver") || className.contains("jtds")) {
			return SQL_SERVER;
		}
		for (DatabaseKind kind : values()) {
			if (kind.marker != null && kind != H2 && className.contains(kind.marker)) {
				return kind;
			}
		}
		return className.startsWith("org.h2.") ? H2 : OTHER;
	}

}
