package io.github.secretsspringboot.jdbc;

import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.github.secretsspringboot.jdbc.HikariThreadingCheck.Observations;
import io.github.secretsspringboot.jdbc.HikariThreadingCheck.Opened;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The startup check of how HikariCP opens and hands over connections.
 */
class HikariThreadingCheckTests {

	private static final Thread borrower = new Thread("borrower");

	private static final Thread adder = new Thread("adder");

	@Test
	void hikariCpOnTheClasspathBehavesAsRotationReliesOn() {
		assertThatNoException().isThrownBy(() -> new HikariThreadingCheck().check());
	}

	@Test
	void versionIsTheOneOnTheClasspath() {
		assertThat(HikariThreadingCheck.hikariVersion()).startsWith("7.");
	}

	@Test
	void firstConnectionOpenedOutsideTheLockOfTheDataSourceIsRefused() {
		// HikariDataSource(HikariConfig) starts its pool in its constructor, without
		// holding its lock: as a HikariCP that changed how pools start would.
		assertThatExceptionOfType(UnsupportedHikariBehaviorException.class)
			.isThrownBy(() -> new HikariThreadingCheck(HikariDataSource::new).check())
			.satisfies((ex) -> assertThat(ex.getHikariVersion()).isEqualTo(HikariThreadingCheck.hikariVersion()))
			.withMessageContaining("HikariCP " + HikariThreadingCheck.hikariVersion())
			.withMessageContaining("the first connection was not opened by the thread starting the pool");
	}

	@Test
	void connectionsOpenedAtTheSameTimeAreRefused() {
		assertRefused(new Observations(borrower, List.of(startup(), added(), added()), 2),
				"the pool opened connections at the same time");
	}

	@Test
	void connectionsOpenedByMoreThanOneThreadAreRefused() {
		Opened other = new Opened(new Thread("other adder"), false, true, false, true);
		assertRefused(new Observations(borrower, List.of(startup(), added(), other), 1),
				"not all opened by one thread of the pool's own");
	}

	@Test
	void warningsClearedWhileSettingUpAreRefused() {
		Opened cleared = new Opened(adder, false, true, true, true);
		assertRefused(new Observations(borrower, List.of(startup(), added(), cleared), 1),
				"clearWarnings() was called on a connection while it was set up");
	}

	@Test
	void warningsNotClearedOnReturnAreRefused() {
		Opened notCleared = new Opened(adder, false, true, false, false);
		assertRefused(new Observations(borrower, List.of(startup(), added(), notCleared), 1),
				"clearWarnings() was not called on a connection returned to the pool");
	}

	@Test
	void expectedBehaviourPasses() {
		assertThatNoException().isThrownBy(() -> HikariThreadingCheck
			.verify(new Observations(borrower, List.of(startup(), added(), added()), 1), "7.0.2"));
	}

	private static Opened startup() {
		return new Opened(borrower, true, true, false, true);
	}

	private static Opened added() {
		return new Opened(adder, false, true, false, true);
	}

	private static void assertRefused(Observations observations, String message) {
		assertThatExceptionOfType(UnsupportedHikariBehaviorException.class)
			.isThrownBy(() -> HikariThreadingCheck.verify(observations, "9.9.9"))
			.withMessageContaining("HikariCP 9.9.9")
			.withMessageContaining(message);
	}

}
