package io.github.secretsspringboot.jdbc;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * The connections a pool handed to HikariCP that may not be in the pool yet, and those of
 * an earlier generation that were not in it when their generation was evicted. Tells when
 * a connection has landed and whether the pool must be evicted again for it.
 * <p>
 * Not thread-safe: used under the lock of the pool's {@link CredentialGenerations}.
 *
 * @author secrets-spring-boot
 */
final class InFlightConnections {

	private final Set<TaggedConnection> unlanded = new HashSet<>();

	private final Set<TaggedConnection> awaitingLanding = new HashSet<>();

	void handedOver(TaggedConnection connection) {
		this.unlanded.add(connection);
	}

	/**
	 * {@code opener} asks for a new connection. A thread opens connections for HikariCP
	 * one at a time, each added to the pool before the next is asked for, so the ones it
	 * handed over before are in the pool now.
	 * @return whether the pool must be evicted again
	 */
	boolean openerStarting(Thread opener) {
		boolean evict = false;
		for (Iterator<TaggedConnection> connections = this.unlanded.iterator(); connections.hasNext();) {
			TaggedConnection connection = connections.next();
			if (connection.opener() == opener) {
				connections.remove();
				evict |= landedAfterHandOver(connection);
			}
		}
		return evict;
	}

	/**
	 * {@code connection} is in the pool: used by another thread, or returned.
	 * @return whether the pool must be evicted again
	 */
	boolean landed(TaggedConnection connection) {
		this.unlanded.remove(connection);
		return landedAfterHandOver(connection);
	}

	/** {@code connection} is closed: it needs no eviction. */
	void closed(TaggedConnection connection) {
		connection.markLanded();
		this.unlanded.remove(connection);
		this.awaitingLanding.remove(connection);
	}

	/**
	 * Forgets the connections known to have landed without a sign from HikariCP: the
	 * thread that opened them has ended, or the pool they were opened for while it
	 * started has started.
	 * @return whether the pool must be evicted again
	 */
	boolean forgetLanded(boolean poolStarted) {
		boolean evict = false;
		for (Iterator<TaggedConnection> connections = this.unlanded.iterator(); connections.hasNext();) {
			TaggedConnection connection = connections.next();
			if (!connection.opener().isAlive() || (connection.openedAtStartup() && poolStarted)) {
				connections.remove();
				evict |= landedAfterHandOver(connection);
			}
		}
		return evict;
	}

	/**
	 * The pool is about to be evicted: the connections not in it yet escape the eviction
	 * and are awaited.
	 * @return whether any is awaited
	 */
	boolean evicting() {
		this.awaitingLanding.addAll(this.unlanded);
		return isAwaitingLanding();
	}

	boolean isAwaitingLanding() {
		return !this.awaitingLanding.isEmpty();
	}

	boolean isUnlanded(TaggedConnection connection) {
		return this.unlanded.contains(connection);
	}

	/** The pool is closed: nothing is awaited any more. */
	void clear() {
		this.unlanded.clear();
		this.awaitingLanding.clear();
	}

	/**
	 * @return whether the pool must be evicted again, as the connection predates an
	 * eviction
	 */
	private boolean landedAfterHandOver(TaggedConnection connection) {
		connection.markLanded();
		return this.awaitingLanding.remove(connection);
	}

}
