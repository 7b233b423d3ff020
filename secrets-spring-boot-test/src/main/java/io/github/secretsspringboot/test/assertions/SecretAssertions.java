package io.github.secretsspringboot.test.assertions;

import java.util.Objects;

/**
 * Assertions on secret values whose failure messages never contain the values: a failed
 * test's output is a log like any other, and secrets stay out of logs.
 */
public final class SecretAssertions {

	private SecretAssertions() {
	}

	/**
	 * Fails, naming {@code what} but not the values, unless {@code actual} equals
	 * {@code expected}.
	 */
	public static void assertSameSecret(String actual, String expected, String what) {
		if (!Objects.equals(actual, expected)) {
			throw new AssertionError(what + " is not the expected secret value (values withheld; " + describe(actual)
					+ " vs expected " + describe(expected) + ")");
		}
	}

	/**
	 * Fails, naming {@code what} but not the values, if {@code actual} equals
	 * {@code unexpected}.
	 */
	public static void assertDifferentSecret(String actual, String unexpected, String what) {
		if (Objects.equals(actual, unexpected)) {
			throw new AssertionError(
					what + " is still the old secret value (value withheld; " + describe(actual) + ")");
		}
	}

	private static String describe(String value) {
		return (value != null) ? value.length() + " characters" : "null";
	}

}
