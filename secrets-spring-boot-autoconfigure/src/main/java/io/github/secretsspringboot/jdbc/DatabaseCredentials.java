package io.github.secretsspringboot.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * A username and password, and the JDBC URL they are for when the pool follows it.
 * {@link #toString()} names the user and never the password.
 *
 * @param username the username, or {@code null} when the connection properties supply it
 * @param password the password, or {@code null}
 * @param url the JDBC URL to connect to, or {@code null} for the one the pool was built
 * with
 * @author secrets-spring-boot
 */
record DatabaseCredentials(@Nullable String username, @Nullable String password, @Nullable String url) {

	DatabaseCredentials(@Nullable String username, @Nullable String password) {
		this(username, password, null);
	}

	// HikariCP's Credentials lives in its util package but is the type of its public
	// API: HikariConfigMXBean.setCredentials and HikariCredentialsProvider.
	static DatabaseCredentials of(com.zaxxer.hikari.util.Credentials credentials) {
		return (credentials != null) ? new DatabaseCredentials(credentials.getUsername(), credentials.getPassword())
				: new DatabaseCredentials(null, null);
	}

	com.zaxxer.hikari.util.Credentials toHikari() {
		return com.zaxxer.hikari.util.Credentials.of(this.username, this.password);
	}

	boolean isEmpty() {
		return this.username == null && this.password == null;
	}

	/** These credentials with the missing parts taken from {@code other}. */
	DatabaseCredentials orElse(DatabaseCredentials other) {
		return new DatabaseCredentials((this.username != null) ? this.username : other.username,
				(this.password != null) ? this.password : other.password, (this.url != null) ? this.url : other.url);
	}

	/** These credentials for {@code url}. */
	DatabaseCredentials withUrl(String url) {
		return new DatabaseCredentials(this.username, this.password, url);
	}

	@Override
	public String toString() {
		// A JDBC URL may carry a password of its own: it is not shown either.
		return "DatabaseCredentials[username=" + this.username + ", password="
				+ ((this.password != null) ? "******" : null) + "]";
	}

}
