package io.github.secretsspringboot.jdbc;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a HikariCP whose behaviour credential rotation cannot rely on, and what to do
 * about it.
 *
 * @author secrets-spring-boot
 */
class UnsupportedHikariBehaviorFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedHikariBehaviorException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedHikariBehaviorException cause) {
		return new FailureAnalysis("HikariCP " + cause.getHikariVersion()
				+ " is not supported by secrets-spring-boot's credential rotation: at startup, " + cause.getBehavior()
				+ ". A pool could then keep connections opened with rotated-out credentials.",
				"Use the HikariCP version your Spring Boot version manages (HikariCP 7.0.x; remove any "
						+ "hikaricp.version override or explicit HikariCP dependency), or upgrade secrets-spring-boot "
						+ "to a version that supports HikariCP " + cause.getHikariVersion()
						+ ". To start without following rotations in the pool, set aws.secrets.hikari.enabled=false.",
				cause);
	}

}
