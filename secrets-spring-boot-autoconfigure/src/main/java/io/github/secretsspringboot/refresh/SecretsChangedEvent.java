package io.github.secretsspringboot.refresh;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.context.ApplicationEvent;

/**
 * Published once per refresh that changed at least one imported secret, after the new
 * values are in the environment. Lists the changed secrets and property names, never a
 * value.
 *
 * @author secrets-spring-boot
 * @since 0.1.0
 */
public class SecretsChangedEvent extends ApplicationEvent {

	private final RefreshCause cause;

	private final List<SecretChange> changes;

	public SecretsChangedEvent(Object source, RefreshCause cause, List<SecretChange> changes) {
		super(source);
		this.cause = cause;
		this.changes = List.copyOf(changes);
	}

	/** Why the secrets were refreshed. */
	public RefreshCause getCause() {
		return this.cause;
	}

	/** The changed secrets, one entry per import. */
	public List<SecretChange> getChanges() {
		return this.changes;
	}

	/** The names of every changed property, across all changed secrets. */
	public Set<String> getChangedPropertyNames() {
		Set<String> names = new LinkedHashSet<>();
		this.changes.forEach((change) -> names.addAll(change.propertyNames()));
		return names;
	}

	@Override
	public String toString() {
		return "SecretsChangedEvent[cause=" + this.cause + ", changes=" + this.changes + "]";
	}

}
