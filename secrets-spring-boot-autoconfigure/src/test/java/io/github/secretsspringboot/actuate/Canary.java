package io.github.secretsspringboot.actuate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A distinctive value planted in secrets, with the forms it could leak in: whole, its
 * distinctive core alone (a value cut short), and the Base64 encodings of text that holds
 * it, at each of the three alignments Base64 can put it in. Values that must not leak
 * either (a password a rotation made) can be added. Findings name the place and line,
 * with every known form masked, so that a failing test does not print what it looks for.
 */
final class Canary {

	private static final String MASK = "[canary]";

	private final String value;

	private final List<String> forms = new CopyOnWriteArrayList<>();

	Canary(String value, String core) {
		if (!value.contains(core)) {
			throw new IllegalArgumentException("The core must be part of the value");
		}
		this.value = value;
		this.forms.add(value);
		this.forms.add(core);
		for (int alignment = 0; alignment < 3; alignment++) {
			String encoded = Base64.getEncoder()
				.encodeToString(("x".repeat(alignment) + value).getBytes(StandardCharsets.UTF_8));
			// Only the characters that no byte around the value can change.
			this.forms.add(encoded.substring(4, encoded.length() - 4));
		}
	}

	/** The value; secrets hold it, followed by what tells them apart. */
	String value() {
		return this.value;
	}

	/** Another value that must never be shown. */
	void alsoWatch(String secretValue) {
		this.forms.add(secretValue);
	}

	/** Where {@code text}, found at {@code place}, shows a form of the canary; masked. */
	List<String> findIn(String place, String text) {
		List<String> findings = new ArrayList<>();
		if (text == null) {
			return findings;
		}
		String[] lines = text.split("\\R", -1);
		for (int i = 0; i < lines.length; i++) {
			if (shows(lines[i])) {
				findings.add(place + ", line " + (i + 1) + ": " + mask(lines[i]));
			}
		}
		return findings;
	}

	/** Where the messages of {@code failure} and its causes show a form of the canary. */
	List<String> findIn(String place, Throwable failure) {
		List<String> findings = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			findings.addAll(findIn(place + ", " + cause.getClass().getName(), cause.toString()));
			for (Throwable suppressed : cause.getSuppressed()) {
				findings.addAll(findIn(place + ", suppressed by " + cause.getClass().getName(), suppressed));
			}
		}
		return findings;
	}

	private boolean shows(String line) {
		for (String form : this.forms) {
			if (line.contains(form)) {
				return true;
			}
		}
		return false;
	}

	private String mask(String line) {
		String masked = line;
		for (String form : this.forms) {
			masked = masked.replace(form, MASK);
		}
		// A long line (a whole response) is cut around the first finding.
		int at = masked.indexOf(MASK);
		if (masked.length() > 300) {
			int from = Math.max(0, at - 150);
			masked = "..." + masked.substring(from, Math.min(masked.length(), from + 300)) + "...";
		}
		return masked;
	}

	@Override
	public String toString() {
		return "Canary[" + this.forms.size() + " forms, values withheld]";
	}

}
