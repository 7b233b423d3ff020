package io.github.secretsspringboot.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracking the connections on their way into the pool.
 */
class InFlightConnectionsTests {

	private final InFlightConnections inFlight = new InFlightConnections();

	@Test
	void connectionUsedBeforeAnyEvictionNeedsNone() {
		TaggedConnection connection = handedOver(Thread.currentThread(), false);
		assertThat(this.inFlight.landed(connection)).isFalse();
		assertThat(connection.isLanded()).isTrue();
		assertThat(this.inFlight.isUnlanded(connection)).isFalse();
	}

	@Test
	void connectionNotInThePoolAtAnEvictionIsEvictedAgainWhenItLands() {
		TaggedConnection connection = handedOver(Thread.currentThread(), false);
		assertThat(this.inFlight.evicting()).isTrue();
		assertThat(this.inFlight.landed(connection)).isTrue();
		assertThat(this.inFlight.isAwaitingLanding()).isFalse();
		// Once.
		assertThat(this.inFlight.landed(connection)).isFalse();
	}

	@Test
	void connectionsOfAnOpenerHaveLandedWhenItOpensTheNext() {
		TaggedConnection connection = handedOver(Thread.currentThread(), false);
		this.inFlight.evicting();
		assertThat(this.inFlight.openerStarting(new Thread("other"))).isFalse();
		assertThat(this.inFlight.isUnlanded(connection)).isTrue();
		assertThat(this.inFlight.openerStarting(Thread.currentThread())).isTrue();
		assertThat(this.inFlight.isUnlanded(connection)).isFalse();
	}

	@Test
	void closedConnectionNeedsNoEviction() {
		TaggedConnection connection = handedOver(Thread.currentThread(), false);
		this.inFlight.evicting();
		this.inFlight.closed(connection);
		assertThat(this.inFlight.isAwaitingLanding()).isFalse();
		assertThat(this.inFlight.landed(connection)).isFalse();
	}

	@Test
	void connectionOfAnEndedOpenerHasLanded() throws InterruptedException {
		Thread ended = new Thread(() -> {
		});
		ended.start();
		ended.join();
		TaggedConnection connection = handedOver(ended, false);
		this.inFlight.evicting();
		assertThat(this.inFlight.forgetLanded(false)).isTrue();
		assertThat(connection.isLanded()).isTrue();
	}

	@Test
	void connectionOpenedAtStartupHasLandedOnceThePoolHasStarted() {
		TaggedConnection connection = handedOver(Thread.currentThread(), true);
		assertThat(this.inFlight.forgetLanded(false)).isFalse();
		assertThat(this.inFlight.isUnlanded(connection)).isTrue();
		assertThat(this.inFlight.forgetLanded(true)).isFalse();
		assertThat(this.inFlight.isUnlanded(connection)).isFalse();
	}

	@Test
	void clearForgetsEverything() {
		handedOver(Thread.currentThread(), false);
		this.inFlight.evicting();
		this.inFlight.clear();
		assertThat(this.inFlight.isAwaitingLanding()).isFalse();
	}

	private TaggedConnection handedOver(Thread opener, boolean openedAtStartup) {
		TaggedConnection connection = new TaggedConnection(null, null, 1, opener, openedAtStartup);
		this.inFlight.handedOver(connection);
		return connection;
	}

}
