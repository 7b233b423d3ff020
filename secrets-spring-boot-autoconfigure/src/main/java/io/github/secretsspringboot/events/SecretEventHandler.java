package io.github.secretsspringboot.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.secretsspringboot.events.SecretEvent.InvalidEventException;
import io.github.secretsspringboot.events.SecretEvent.Kind;
import io.github.secretsspringboot.refresh.RefreshCause;
import io.github.secretsspringboot.refresh.RefreshResult;
import io.github.secretsspringboot.refresh.SecretRefreshRegistry;
import io.github.secretsspringboot.refresh.SecretRefreshState;
import io.github.secretsspringboot.refresh.SecretsRefresher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Acts on one message: refreshes exactly the imported secret an event is about, and only
 * when the event can change what the application holds. An event for a version already in
 * force costs no request (a duplicate), and the refresher only ever applies what carries
 * the label now, so an older event delivered late never rolls a secret back.
 *
 * @author secrets-spring-boot
 */
final class SecretEventHandler {

	private static final Log logger = LogFactory.getLog(SecretEventHandler.class);

	static final String AWSCURRENT = "AWSCURRENT";

	private final SecretsRefresher refresher;

	private final SecretRefreshRegistry registry;

	private final EventStats stats;

	SecretEventHandler(SecretsRefresher refresher, SecretRefreshRegistry registry, EventStats stats) {
		this.refresher = refresher;
		this.registry = registry;
		this.stats = stats;
	}

	/**
	 * Handles one message body.
	 * @return what to do with the message, once the refresh it started completed
	 */
	CompletableFuture<Disposition> handle(String body) {
		this.stats.countReceived();
		SecretEvent event;
		try {
			event = SecretEvent.parse(body);
		}
		catch (InvalidEventException ex) {
			// The reason names fields, never the body, which could hold anything.
			logger.warn("Ignoring a message that is not a Secrets Manager event: " + ex.getMessage());
			this.stats.countInvalid();
			return done(Disposition.INVALID);
		}
		this.stats.eventReceived(event.time());
		if (event.kind() == Kind.FOREIGN) {
			return ignored(EventStats.FOREIGN);
		}
		Optional<String> imported = imported(event.secretIds());
		if (imported.isEmpty()) {
			return ignored(EventStats.NOT_IMPORTED);
		}
		String secretId = imported.get();
		if (event.kind() == Kind.LABEL_UPDATED) {
			return labelUpdated(secretId, event);
		}
		if (!SecretEvent.CHECKED_CALLS.contains(event.eventName())) {
			return ignored(EventStats.NO_CHANGE);
		}
		logger.debug("Checking secret '" + secretId + "' after " + event.eventName());
		return refreshed(this.refresher.refresh(secretId, RefreshCause.EVENT), event);
	}

	/**
	 * Checks every import once, as events may have been missed: counted apart from the
	 * events, and by the refresher under {@link RefreshCause#EVENT}. Checks of a secret
	 * that completed within the minimum spacing answer for it.
	 * @return the outcome of each import's check
	 */
	CompletableFuture<List<RefreshResult>> catchUp() {
		this.stats.countCatchUp();
		return this.refresher.refreshAll(RefreshCause.EVENT);
	}

	// A label update has a label and a version id.
	@SuppressWarnings("NullAway")
	private CompletableFuture<Disposition> labelUpdated(String secretId, SecretEvent event) {
		List<SecretRefreshState> imports = this.registry.getStates(secretId);
		String label = event.label();
		if (imports.stream().noneMatch((state) -> label.equals(stage(state)))) {
			return ignored(EventStats.LABEL_NOT_FOLLOWED);
		}
		logger.debug("Label " + label + " of secret '" + secretId + "' moved to version " + event.versionId());
		if (AWSCURRENT.equals(label)) {
			return refreshed(this.refresher.refreshToCurrent(secretId, event.versionId(), RefreshCause.EVENT), event);
		}
		return refreshed(this.refresher.refresh(secretId, RefreshCause.EVENT), event);
	}

	private static String stage(SecretRefreshState state) {
		String stage = state.secretImport().getOptions().versionStage();
		return (stage != null) ? stage : AWSCURRENT;
	}

	private Optional<String> imported(List<String> ids) {
		return ids.stream().filter((id) -> !this.registry.getStates(id).isEmpty()).findFirst();
	}

	private CompletableFuture<Disposition> refreshed(CompletableFuture<RefreshResult> refresh, SecretEvent event) {
		return refresh.handle((result, failure) -> {
			if (failure != null) {
				Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
				if (cause instanceof IllegalArgumentException) {
					// Pinned to a version id: never refreshed.
					this.stats.countIgnored(EventStats.NOT_IMPORTED);
					return Disposition.IGNORED;
				}
				// Stopping: another instance or a later receive handles it.
				return Disposition.RETRY;
			}
			if (result.failed() && result.error() != null && result.error().isTransient()) {
				// Secrets Manager is unavailable or throttles: delivered again after the
				// visibility timeout.
				return Disposition.RETRY;
			}
			this.stats.countApplied();
			recordDelay(result, event.time());
			return Disposition.APPLIED;
		});
	}

	private void recordDelay(RefreshResult result, @Nullable Instant eventTime) {
		if (result.changed() && eventTime != null) {
			Duration delay = Duration.between(eventTime, result.completedAt());
			this.stats.delay(delay.isNegative() ? Duration.ZERO : delay);
		}
	}

	private CompletableFuture<Disposition> ignored(String reason) {
		this.stats.countIgnored(reason);
		return done(Disposition.IGNORED);
	}

	private static CompletableFuture<Disposition> done(Disposition disposition) {
		return CompletableFuture.completedFuture(disposition);
	}

	/** What becomes of a message. */
	enum Disposition {

		/** A refresh ran for it: deleted. */
		APPLIED,

		/** Nothing to do: deleted. */
		IGNORED,

		/** Not an event: deleted, never retried. */
		INVALID,

		/** Left on the queue, to be delivered again after the visibility timeout. */
		RETRY;

		boolean deletes() {
			return this != RETRY;
		}

	}

}
