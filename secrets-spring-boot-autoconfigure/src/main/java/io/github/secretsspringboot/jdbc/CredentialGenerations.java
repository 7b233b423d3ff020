package io.github.secretsspringboot.jdbc;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The credentials in force for one pool, numbered by generation, and the lock under which
 * a pool's swap, hand-over and bookkeeping happen, so that a connection opened with one
 * generation is handed over only while that generation is in force.
 *
 * @author secrets-spring-boot
 */
final class CredentialGenerations {

	private final Object lock = new Object();

	private volatile Generation current;

	CredentialGenerations(DatabaseCredentials initial) {
		this.current = new Generation(1, initial);
	}

	Generation current() {
		return this.current;
	}

	boolean isCurrent(Generation generation) {
		return this.current.number() == generation.number();
	}

	/**
	 * Puts {@code credentials} in force as the next generation, unless they are the ones
	 * in force, and wakes whoever waits for a swap.
	 * @param beforeInForce runs under the lock, before the generation is in force
	 * @return the new generation, or {@code null} when the credentials are in force
	 */
	@Nullable Generation swap(DatabaseCredentials credentials, Consumer<Generation> beforeInForce) {
		synchronized (this.lock) {
			if (credentials.equals(this.current.credentials())) {
				return null;
			}
			Generation next = new Generation(this.current.number() + 1, credentials);
			beforeInForce.accept(next);
			this.current = next;
			this.lock.notifyAll();
			return next;
		}
	}

	/**
	 * Runs {@code action} under the lock if {@code used} is still in force.
	 * @return what it returns, or {@code null} when another generation is in force
	 */
	<T> @Nullable T ifCurrent(Generation used, Supplier<T> action) {
		synchronized (this.lock) {
			return isCurrent(used) ? action.get() : null;
		}
	}

	/** Runs {@code action} under the lock, with no swap in between. */
	<T> T locked(Supplier<T> action) {
		synchronized (this.lock) {
			return action.get();
		}
	}

	void locked(Runnable action) {
		synchronized (this.lock) {
			action.run();
		}
	}

	/**
	 * Waits until another generation than {@code current} comes into force, at most
	 * {@code waitNanos}.
	 * @return whether it did
	 */
	boolean awaitSwap(Generation current, long waitNanos) throws InterruptedException {
		long deadline = System.nanoTime() + waitNanos;
		synchronized (this.lock) {
			while (isCurrent(current)) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.lock, remaining);
			}
			return true;
		}
	}

	/**
	 * Credentials in force, numbered from 1 at startup.
	 *
	 * @param number increases by one with every swap
	 * @param credentials the credentials
	 */
	record Generation(long number, DatabaseCredentials credentials) {

	}

}
