package io.github.secretsspringboot.test.rotation;

import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A database secret in the JSON structure Secrets Manager documents for Amazon RDS
 * credentials: {@code engine}, {@code host}, {@code port}, {@code dbname},
 * {@code username}, {@code password} and, for rotation with alternating users,
 * {@code masterarn}. Members it does not know are kept, so that a rotated secret differs
 * from the current one only where the rotation changed it. Immutable; {@link #toString()}
 * never shows the password.
 */
public final class DatabaseSecret {

	private final ObjectNode fields;

	private DatabaseSecret(ObjectNode fields) {
		this.fields = fields;
	}

	/**
	 * Reads a {@code SecretString}.
	 * @throws IllegalArgumentException if it is not a JSON object; the message never
	 * repeats the text, which holds a password
	 */
	public static DatabaseSecret parse(String secretString) {
		return new DatabaseSecret(SecretJson.parseObject(secretString));
	}

	/** A secret with the members every RDS secret has. */
	public static DatabaseSecret of(String engine, String host, int port, String dbname, String username,
			String password) {
		ObjectNode fields = SecretJson.json.createObjectNode();
		fields.put("engine", engine);
		fields.put("host", host);
		fields.put("port", port);
		fields.put("dbname", dbname);
		fields.put("username", username);
		fields.put("password", password);
		return new DatabaseSecret(fields);
	}

	public String engine() {
		return string("engine");
	}

	public String host() {
		return string("host");
	}

	/**
	 * The {@code port}, a number or a string of digits; 5432 when absent, as in the AWS
	 * templates.
	 */
	public int port() {
		JsonNode port = this.fields.get("port");
		if (port == null || port.isNull()) {
			return 5432;
		}
		if (port.isNumber()) {
			return port.intValue();
		}
		try {
			return Integer.parseInt(port.asString().trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("The port of the secret is not a number");
		}
	}

	/**
	 * The {@code dbname}; {@code postgres} when absent, as in the AWS PostgreSQL
	 * templates.
	 */
	public String dbname() {
		String dbname = string("dbname");
		return (dbname != null) ? dbname : "postgres";
	}

	public String username() {
		return string("username");
	}

	public String password() {
		return string("password");
	}

	/**
	 * The ARN of the secret with the credentials that manage this user, or {@code null}.
	 */
	public String masterArn() {
		return string("masterarn");
	}

	/**
	 * The {@code ssl} member as the AWS templates read it: {@code true} or {@code false}
	 * (a boolean or its text), or {@code null} when absent or anything else, meaning "try
	 * TLS, fall back to a plain connection".
	 */
	public Boolean ssl() {
		JsonNode ssl = this.fields.get("ssl");
		if (ssl == null) {
			return null;
		}
		if (ssl.isBoolean()) {
			return ssl.booleanValue();
		}
		if (ssl.isString()) {
			String text = ssl.asString().toLowerCase(Locale.ROOT);
			return "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : null;
		}
		return null;
	}

	/** Whether every named member is present. */
	public boolean has(String... members) {
		for (String member : members) {
			JsonNode node = this.fields.get(member);
			if (node == null || node.isNull()) {
				return false;
			}
		}
		return true;
	}

	public DatabaseSecret withUsername(String username) {
		return with("username", username);
	}

	public DatabaseSecret withPassword(String password) {
		return with("password", password);
	}

	public DatabaseSecret withDbname(String dbname) {
		return with("dbname", dbname);
	}

	public DatabaseSecret withMasterArn(String masterArn) {
		return with("masterarn", masterArn);
	}

	/** The {@code SecretString} to store. */
	public String toJson() {
		return SecretJson.json.writeValueAsString(this.fields);
	}

	private DatabaseSecret with(String member, String value) {
		ObjectNode copy = this.fields.deepCopy();
		if (value != null) {
			copy.put(member, value);
		}
		else {
			copy.remove(member);
		}
		return new DatabaseSecret(copy);
	}

	private String string(String member) {
		JsonNode node = this.fields.get(member);
		return (node != null && !node.isNull()) ? node.asString() : null;
	}

	@Override
	public String toString() {
		return "DatabaseSecret[" + engine() + " " + username() + "@" + host() + ":" + port() + "/" + dbname() + "]";
	}

}
