package io.github.secretsspringboot.jdbc;

/**
 * A username and password. {@link #toString()} names the user and never the password.
 *
 * @param username the username, or {@code null} when the connection properties supply it
 * @param password the password, or {@code null}
 * @author secrets-spring-boot
 */
record DatabaseCredentials(String username, String password) {

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
				(this.password != null) ? this.password : other.password);
	}

	@Override
	public String toString() {
		return "DatabaseCredentials[username=" + this.username + ", password=" + ((this.password != null) ? "******" : null)
				+ "]";
	}

}
