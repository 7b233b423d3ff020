package io.github.secretsspringboot.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;

/**
 * A physical connection handed to HikariCP, tagged with the credential generation it was
 * opened with, so that its pool can tell when it has joined the pool (see
 * {@link RotatingPool}).
 * <p>
 * Until it is in the pool, only the thread that opened it uses it: HikariCP sets it up on
 * that thread, then adds it to the pool. So a call from any other thread (a borrower, a
 * keepalive), or {@link #clearWarnings()}, which HikariCP calls when a borrowed
 * connection is returned and never while setting one up, shows that it is in the pool.
 * Calls HikariCP makes while closing a connection ({@link #isClosed()}, the network
 * timeout, {@link #close()}) are not taken as such a sign ({@link DelegatingConnection}).
 *
 * @author secrets-spring-boot
 */
final class TaggedConnection extends DelegatingConnection {

	private final RotatingPool pool;

	private final long generation;

	private final Thread opener;

	private final boolean openedAtStartup;

	/** Whether the pool knows that this connection is in the pool (or has left it). */
	private volatile boolean landed;

	TaggedConnection(Connection delegate, RotatingPool pool, long generation, Thread opener, boolean openedAtStartup) {
		super(delegate);
		this.pool = pool;
		this.generation = generation;
		this.opener = opener;
		this.openedAtStartup = openedAtStartup;
	}

	long generation() {
		return this.generation;
	}

	Thread opener() {
		return this.opener;
	}

	/**
	 * Whether HikariCP opened it while its pool started, before the pool could be
	 * managed.
	 */
	boolean openedAtStartup() {
		return this.openedAtStartup;
	}

	boolean isLanded() {
		return this.landed;
	}

	void markLanded() {
		this.landed = true;
	}

	/** A call that only a connection in the pool receives from this thread. */
	@Override
	void used() {
		if (!this.landed && Thread.currentThread() != this.opener) {
			this.pool.landed(this);
		}
	}

	@Override
	public void clearWarnings() throws SQLException {
		if (!this.landed) {
			this.pool.landed(this);
		}
		super.clearWarnings();
	}

	@Override
	public void close() throws SQLException {
		try {
			super.close();
		}
		finally {
			this.pool.closed(this);
		}
	}

	@Override
	public void abort(Executor executor) throws SQLException {
		try {
			super.abort(executor);
		}
		finally {
			this.pool.closed(this);
		}
	}

	@Override
	public String toString() {
		return "TaggedConnection[generation " + this.generation + ", " + delegate() + "]";
	}

}
