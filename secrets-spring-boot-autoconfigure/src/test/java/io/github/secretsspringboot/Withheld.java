package io.github.secretsspringboot;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asserts that a canary value is not shown, with a failure message that names the place
 * and never repeats the text that shows it.
 */
public final class Withheld {

	private Withheld() {
	}

	/**
	 * Fails when {@code shown} (its {@code toString()}) contains {@code canary}.
	 * @param canary the value that must not be shown
	 * @param place what shows the text, for the failure message
	 * @param shown the text or object shown
	 */
	public static void assertWithheld(String canary, String place, Object shown) {
		assertThat(String.valueOf(shown).contains(canary)).as("%s shows the secret value", place).isFalse();
	}

}
