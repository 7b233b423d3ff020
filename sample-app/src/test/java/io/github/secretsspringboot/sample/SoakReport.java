package io.github.secretsspringboot.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The figures of a soak run as a Markdown document: a table of results and the fault
 * episodes. Holds names, counts and sizes only, never a secret's value.
 */
final class SoakReport {

	private final String title;

	private final List<String[]> rows = new ArrayList<>();

	private final List<String> episodes = new ArrayList<>();

	SoakReport(String title) {
		this.title = title;
	}

	SoakReport row(String name, Object value) {
		this.rows.add(new String[] { name, String.valueOf(value) });
		return this;
	}

	SoakReport episode(String line) {
		this.episodes.add(line);
		return this;
	}

	/** {@code a: 1, b: 2}, or {@code none}. */
	static String counts(Map<?, ? extends Number> counts) {
		if (counts.isEmpty()) {
			return "none";
		}
		return counts.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + ": " + entry.getValue())
			.collect(Collectors.joining(", "));
	}

	String toMarkdown() {
		StringBuilder markdown = new StringBuilder("# ").append(this.title)
			.append("\n\n| Figure | Value |\n|---|---|\n");
		for (String[] row : this.rows) {
			markdown.append("| ").append(row[0]).append(" | ").append(row[1].replace("|", "\\|")).append(" |\n");
		}
		if (!this.episodes.isEmpty()) {
			markdown.append("\n## Secrets Manager fault episodes\n\n");
			this.episodes.forEach((episode) -> markdown.append("- ").append(episode).append('\n'));
		}
		return markdown.toString();
	}

	void write(Path file) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, toMarkdown(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the soak report to " + file, ex);
		}
	}

}
