package io.github.secretsspringboot;

/**
 * Properties whose password a validator quotes in its message, for tests that check a
 * secret value never shows in a violation.
 */
public class DbProperties {

	private String password;

	private String userName;

	public String getPassword() {
		return this.password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

	public String getUserName() {
		return this.userName;
	}

	public void setUserName(String userName) {
		this.userName = userName;
	}

}
