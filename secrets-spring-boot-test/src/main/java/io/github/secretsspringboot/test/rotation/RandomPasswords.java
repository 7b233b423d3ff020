package io.github.secretsspringboot.test.rotation;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Passwords as the AWS rotation templates ask GetRandomPassword for them: 32 characters
 * with at least one upper case letter, lower case letter, digit and punctuation
 * character, excluding {@code :/@"'\}, which break connection strings and shell quoting.
 */
final class RandomPasswords {

	private static final String EXCLUDED = ":/@\"'\\";

	private static final String[] CLASSES = { "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789",
			without("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", EXCLUDED) };

	private static final String ALL = String.join("", CLASSES);

	private static final int LENGTH = 32;

	private static final SecureRandom random = new SecureRandom();

	private RandomPasswords() {
	}

	static String generate() {
		List<Character> characters = new ArrayList<>(LENGTH);
		for (String characterClass : CLASSES) {
			characters.add(pick(characterClass));
		}
		while (characters.size() < LENGTH) {
			characters.add(pick(ALL));
		}
		Collections.shuffle(characters, random);
		StringBuilder password = new StringBuilder(LENGTH);
		characters.forEach(password::append);
		return password.toString();
	}

	private static char pick(String characters) {
		return characters.charAt(random.nextInt(characters.length()));
	}

	private static String without(String characters, String excluded) {
		StringBuilder kept = new StringBuilder();
		characters.chars().filter((c) -> excluded.indexOf(c) < 0).forEach((c) -> kept.append((char) c));
		return kept.toString();
	}

}
