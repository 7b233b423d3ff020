package io.github.secretsspringboot.core;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.EnumerablePropertySource;

/**
 * The properties of one imported secret, with the version they came from. The contents
 * can be replaced atomically when the secret changes, under the same, stable name.
 * Nothing here prints a value: {@link #toString()} and the source object name properties
 * only.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public final class SecretPropertySource extends EnumerablePropertySource<SecretPropertySource.Contents> {

	private final SecretImport secretImport;

	private volatile Contents contents;

	public SecretPropertySource(SecretImport secretImport, SecretValue value, Map<String, Object> properties) {
		this(secretImport, new Contents(value, properties));
	}

	/**
	 * The place of an optional import that could not be loaded: no properties, at the
	 * import's position, so that once the secret is loaded its properties take the
	 * precedence they would have had.
	 */
	public static SecretPropertySource notLoaded(SecretImport secretImport) {
		return new SecretPropertySource(secretImport, new Contents(null, Map.of()));
	}

	private SecretPropertySource(SecretImport secretImport, Contents contents) {
		super(secretImport.describe(), contents);
		this.secretImport = secretImport;
		this.contents = contents;
	}

	public SecretImport getSecretImport() {
		return this.secretImport;
	}

	/**
	 * The version the properties come from.
	 * @return the version, or {@code null} while an optional import waits for its secret
	 */
	public @Nullable SecretValue getVersion() {
		return this.contents.version();
	}

	/**
	 * Whether a version of the secret is in force; {@code false} while an optional import
	 * waits for it.
	 */
	public boolean isLoaded() {
		return this.contents.version() != null;
	}

	/** Replaces the properties with those of another version, in one step. */
	public void update(SecretValue value, Map<String, Object> properties) {
		this.contents = new Contents(value, properties);
	}

	@Override
	public Contents getSource() {
		return this.contents;
	}

	@Override
	public String[] getPropertyNames() {
		return this.contents.properties().keySet().toArray(String[]::new);
	}

	@Override
	public @Nullable Object getProperty(String name) {
		return this.contents.properties().get(name);
	}

	@Override
	public boolean containsProperty(String name) {
		return this.contents.properties().containsKey(name);
	}

	@Override
	public String toString() {
		return "SecretPropertySource {name='" + getName() + "', " + this.contents + "}";
	}

	/**
	 * One version's properties. Exposed as the property source's source object, which
	 * some tools print: its {@code toString()} lists names, not values.
	 *
	 * @param version the version of the secret, {@code null} before one is loaded
	 * @param properties the properties made from it
	 */
	public record Contents(@Nullable SecretValue version, Map<String, Object> properties) {

		public Contents {
			properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
		}

		@Override
		public String toString() {
			return "version=" + ((this.version != null) ? this.version.versionId() : "none") + ", properties="
					+ List.copyOf(this.properties.keySet());
		}

	}

}
