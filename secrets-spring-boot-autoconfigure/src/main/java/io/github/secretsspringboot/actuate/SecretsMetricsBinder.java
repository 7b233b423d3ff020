package io.github.secretsspringboot.actuate;

import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the meters of one area of the starter. Each area (startup loading, API requests,
 * refresh, and any added later, such as credential rotation of connection pools) defines
 * a bean of this type in its own auto-configuration, conditional on Micrometer being on
 * the classpath and a {@code MeterRegistry} bean; Spring Boot binds every
 * {@link MeterBinder} bean to the application's registry. A binder that must see events
 * before the registry exists (as the refresher and the API client do) records them and
 * registers its meters in {@link #bindTo}.
 * <p>
 * Conventions: names start with {@value #PREFIX}, are dot-separated lower case
 * (Micrometer renders them for each backend), carry no unit (timers and time gauges take
 * one from the registry); tags are {@value #SECRET_TAG} (the secret as named in its
 * imports), {@value #CAUSE_TAG}, {@value #OUTCOME_TAG} and {@value #ERROR_TAG} (a kind of
 * error, or {@value #NONE}), with values from small, fixed sets: never a value, a message
 * or a version id. Every meter is listed in the README's Metrics table.
 *
 * @author secrets-spring-boot
 */
interface SecretsMetricsBinder extends MeterBinder {

	/** The prefix of every meter name. */
	String PREFIX = "aws.secrets";

	/** Tag naming a secret as its imports name it. */
	String SECRET_TAG = "secret";

	/** Tag naming why something happened, such as {@code SCHEDULE} or {@code REQUEST}. */
	String CAUSE_TAG = "cause";

	/** Tag naming how something ended, such as {@code SUCCESS}. */
	String OUTCOME_TAG = "outcome";

	/** Tag naming the kind of error, or {@value #NONE}. */
	String ERROR_TAG = "error";

	/** The value of {@value #ERROR_TAG} when nothing failed. */
	String NONE = "none";

}
