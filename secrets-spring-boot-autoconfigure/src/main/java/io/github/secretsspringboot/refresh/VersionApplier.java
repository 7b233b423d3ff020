package io.github.secretsspringboot.refresh;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.secretsspringboot.core.SecretErrorKind;
import io.github.secretsspringboot.core.SecretImportException;
import io.github.secretsspringboot.core.SecretJson;
import io.github.secretsspringboot.core.SecretPropertyMapper;
import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.core.SecretValue;
import org.jspecify.annotations.Nullable;

/**
 * Puts a newly staged version of a secret in force for one import: maps it as the import
 * asks and swaps the property source's contents in one step, or keeps the old contents
 * when the new version cannot be mapped.
 *
 * @author secrets-spring-boot
 */
final class VersionApplier {

	private VersionApplier() {
	}

	/**
	 * Applies {@code value}, the version now carrying the import's stage.
	 * @param stages the staging labels of the version, as the check saw them
	 * @param pipeline the reactions to the change, which may refuse the version first
	 */
	static ImportOutcome apply(TrackedImport tracked, SecretValue value, List<String> stages, ChangePipeline pipeline) {
		SecretPropertySource source = tracked.source();
		SecretValue previous = source.getVersion();
		if (previous == null) {
			return firstVersion(tracked, value, stages, pipeline);
		}
		if (value.versionId().equals(previous.versionId())) {
			return ImportOutcome.unchanged(tracked, stages);
		}
		if (value.versionId().equals(tracked.rejectedVersionId())) {
			return rejectedAgain(tracked, value.versionId());
		}
		Map<String, Object> properties;
		try {
			properties = SecretPropertyMapper.map(tracked.secretImport(), value);
		}
		catch (SecretImportException ex) {
			return unmappable(tracked, value, ex);
		}
		ValueKind kind = ValueKind.of(value);
		ValueKind kindInForce = ValueKind.of(previous);
		if (kind != kindInForce) {
			// Mapped as it stands, the new version would replace every property the
			// application
			// was bound with (a broken edit of a JSON secret would become one text
			// property).
			tracked.rejected(value.versionId());
			return ImportOutcome.failed(tracked, SecretErrorKind.INVALID_CONTENT,
					"version " + value.versionId() + " holds " + kind.description + " where the version in force holds "
							+ kindInForce.description + "; the import keeps its properties until a version of the "
							+ "same kind is stored or the application restarts");
		}
		ImportOutcome rejected = rejectedByReactions(tracked, value, properties, pipeline);
		if (rejected != null) {
			return rejected;
		}
		Set<String> changedNames = changedNames(source.getSource().properties(), properties);
		source.update(value, properties);
		return ImportOutcome.changed(tracked, new SecretChange(tracked.secretImport().getSecretId(), value.arn(),
				tracked.name(), previous.versionId(), value.versionId(), changedNames), stages);
	}

	/**
	 * The first version of an optional import that could not be loaded at startup: its
	 * properties appear, as a change from none.
	 */
	private static ImportOutcome firstVersion(TrackedImport tracked, SecretValue value, List<String> stages,
			ChangePipeline pipeline) {
		if (value.versionId().equals(tracked.rejectedVersionId())) {
			return rejectedAgain(tracked, value.versionId());
		}
		Map<String, Object> properties;
		try {
			properties = SecretPropertyMapper.map(tracked.secretImport(), value);
		}
		catch (SecretImportException ex) {
			return unmappable(tracked, value, ex);
		}
		ImportOutcome rejected = rejectedByReactions(tracked, value, properties, pipeline);
		if (rejected != null) {
			return rejected;
		}
		tracked.source().update(value, properties);
		return ImportOutcome.changed(tracked, new SecretChange(tracked.secretImport().getSecretId(), value.arn(),
				tracked.name(), null, value.versionId(), Set.copyOf(properties.keySet())), stages);
	}

	/**
	 * Rejects a version a reaction refuses. Nothing of it is applied: a half-empty
	 * version must not reach a pool or a bean.
	 */
	private static @Nullable ImportOutcome rejectedByReactions(TrackedImport tracked, SecretValue value,
			Map<String, Object> properties, ChangePipeline pipeline) {
		String rejection = pipeline.rejectionOf(tracked.source(), value, properties);
		if (rejection == null) {
			return null;
		}
		tracked.rejected(value.versionId());
		return ImportOutcome.failed(tracked, SecretErrorKind.INVALID_CONTENT,
				"version " + value.versionId() + " cannot be used: " + rejection + "; the import keeps its properties");
	}

	/** Rejects a version that the import's format cannot map. */
	private static ImportOutcome unmappable(TrackedImport tracked, SecretValue value, SecretImportException ex) {
		tracked.rejected(value.versionId());
		// The mapper's messages name keys and positions, never values.
		return ImportOutcome.failed(tracked, SecretErrorKind.INVALID_CONTENT,
				"version " + value.versionId() + " cannot be used: " + ex.getMessage());
	}

	/**
	 * The kind of a secret's value, which decides the shape of the properties it maps to.
	 */
	enum ValueKind {

		JSON_OBJECT("a JSON object"),

		TEXT("text that is not a JSON object"),

		BINARY("a binary value");

		private final String description;

		ValueKind(String description) {
			this.description = description;
		}

		// A value that is not binary is a string.
		@SuppressWarnings("NullAway")
		static ValueKind of(SecretValue value) {
			if (value.isBinary()) {
				return BINARY;
			}
			return SecretJson.readObject(value.secretString()).isPresent() ? JSON_OBJECT : TEXT;
		}

	}

	/**
	 * The staged version already failed to map; versions are immutable, so it still
	 * would.
	 */
	static ImportOutcome rejectedAgain(TrackedImport tracked, String versionId) {
		return ImportOutcome.failed(tracked, SecretErrorKind.INVALID_CONTENT,
				"version " + versionId + " cannot be used (see the earlier warning)");
	}

	/**
	 * Names added, removed or given another value. The change itself was found by version
	 * id; the values are compared here only to name what changed, in memory.
	 */
	private static Set<String> changedNames(Map<String, Object> before, Map<String, Object> after) {
		Set<String> names = new HashSet<>();
		before.forEach((name, value) -> {
			if (!Objects.equals(value, after.get(name))) {
				names.add(name);
			}
		});
		after.keySet().stream().filter((name) -> !before.containsKey(name)).forEach(names::add);
		return names;
	}

}
