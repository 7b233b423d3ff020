package io.github.secretsspringboot.refresh;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.secretsspringboot.core.SecretPropertySource;
import io.github.secretsspringboot.core.SecretValue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * What follows a new version of a secret: the starter's own {@link SecretChangeReaction
 * reactions}, called in order, then the {@link SecretsChangedEvent} for the application.
 * The reactions are looked up on first use: some of them depend on beans created after
 * the refresher.
 *
 * @author secrets-spring-boot
 */
final class ChangePipeline {

	private static final Log logger = LogFactory.getLog(ChangePipeline.class);

	private final Supplier<List<SecretChangeReaction>> reactionsSupplier;

	private final ApplicationEventPublisher eventPublisher;

	private volatile @Nullable List<SecretChangeReaction> reactions;

	ChangePipeline(Supplier<List<SecretChangeReaction>> reactions, ApplicationEventPublisher eventPublisher) {
		this.reactionsSupplier = reactions;
		this.eventPublisher = eventPublisher;
	}

	static ChangePipeline none() {
		return new ChangePipeline(List::of, (event) -> {
		});
	}

	private List<SecretChangeReaction> reactions() {
		List<SecretChangeReaction> reactions = this.reactions;
		if (reactions == null) {
			reactions = List.copyOf(this.reactionsSupplier.get());
			this.reactions = reactions;
		}
		return reactions;
	}

	/**
	 * The first reason a reaction gives not to put {@code version} in force, or
	 * {@code null}.
	 */
	@Nullable String rejectionOf(SecretPropertySource inForce, SecretValue version, Map<String, Object> properties) {
		for (SecretChangeReaction reaction : reactions()) {
			String reason = reaction.rejectionOf(inForce, version, properties);
			if (reason != null) {
				return reason;
			}
		}
		return null;
	}

	/**
	 * Runs every reaction, then publishes the event. A reaction that fails is logged and
	 * does not keep the next ones from running.
	 * @param publish whether to publish the event (not while the context closes)
	 */
	void changed(SecretsChangedEvent event, boolean publish) {
		for (SecretChangeReaction reaction : reactions()) {
			try {
				reaction.secretsChanged(event);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not react to " + event + "; the new values are in force all the same", ex);
			}
		}
		if (!publish) {
			return;
		}
		try {
			this.eventPublisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of SecretsChangedEvent failed; the new values are in force all the same", ex);
		}
	}

}
