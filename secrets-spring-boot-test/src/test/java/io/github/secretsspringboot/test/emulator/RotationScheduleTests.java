package io.github.secretsspringboot.test.emulator;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What RotationRules mean for NextRotationDate, and which rules RotateSecret refuses. */
class RotationScheduleTests {

	/** A Sunday afternoon. */
	private static final Instant LAST_ROTATION = Instant.parse("2024-03-10T15:20:00Z");

	@Test
	void automaticallyAfterDaysEndsTheWindowAtTheEndOfTheDay() {
		assertThat(next(30L, null, null)).isEqualTo("2024-04-09T23:59:59Z");
	}

	@Test
	void durationShortensADailyWindowFromMidnight() {
		assertThat(next(30L, null, "3h")).isEqualTo("2024-04-09T02:59:59Z");
		assertThat(next(null, "rate(10 days)", "2h")).isEqualTo("2024-03-20T01:59:59Z");
	}

	@Test
	void rateInHoursOpensAWindowOfAnHour() {
		assertThat(next(null, "rate(6 hours)", null)).isEqualTo("2024-03-10T21:59:59Z");
	}

	@Test
	void cronOpensTheWindowAtTheMatchingHour() {
		assertThat(next(null, "cron(0 10 * * ? *)", null)).isEqualTo("2024-03-11T23:59:59Z");
		assertThat(next(null, "cron(0 10 * * ? *)", "2h")).isEqualTo("2024-03-11T11:59:59Z");
		assertThat(next(null, "cron(0 18 ? * SAT *)", null)).isEqualTo("2024-03-16T23:59:59Z");
		assertThat(next(null, "cron(0 16 1,15 * ? *)", "1h")).isEqualTo("2024-03-15T16:59:59Z");
		assertThat(next(null, "cron(0 17 L * ? *)", "1h")).isEqualTo("2024-03-31T17:59:59Z");
		assertThat(next(null, "cron(0 0 ? * SUN#1 *)", "1h")).isEqualTo("2024-04-07T00:59:59Z");
		assertThat(next(null, "cron(0 8 ? * MON-FRI *)", "1h")).isEqualTo("2024-03-11T08:59:59Z");
		assertThat(next(null, "cron(0 1 * 1/3 SUN *)", null)).isEqualTo("2024-04-07T23:59:59Z");
		assertThat(next(null, "cron(0 1 ? 1/3 SUN *)", "1h")).isEqualTo("2024-04-07T01:59:59Z");
		assertThat(next(null, "cron(0 0 ? * 6L *)", "1h")).isEqualTo("2024-03-29T00:59:59Z");
		assertThat(next(null, "cron(0 4/6 * * ? *)", null)).isEqualTo("2024-03-10T16:59:59Z");
	}

	@Test
	void invalidRulesAreInvalidParameters() {
		assertInvalid(30L, "rate(30 days)", null,
				"You cannot specify both rotation frequency and schedule expression together.");
		assertInvalid(null, "rate(3 hours)", null, "Rate in hour should be least 4 and less than 24.");
		assertInvalid(null, "rate(24 hours)", null, "Rate in hour should be least 4 and less than 24.");
		assertInvalid(null, "rate(0 days)", null, "Rate in day should be greater than 0 and less than 1000.");
		assertInvalid(null, "rate(6 hours)", "7h", "Duration cannot be greater than Rate in hour.");
		assertInvalid(1L, null, "0h", "Duration must be at least 1 hour, at most 24 hour.");
		assertInvalid(1L, null, "25h", "Duration must be at least 1 hour, at most 24 hour.");
		assertInvalid(null, "cron(0 22 * * ? *)", "3h", "Starting hour and duration must be within a day.");
		assertInvalid(null, "cron(5 10 * * ? *)", null, "Invalid schedule expression.");
		assertInvalid(null, "cron(0 10 * * ? 2030)", null, "Invalid schedule expression.");
		assertInvalid(null, "cron(0 10 * * *)", null, "Invalid schedule expression.");
		assertInvalid(null, "cron(0 10 ? * ? *)", null, "Invalid schedule expression.");
		assertInvalid(null, "cron(0 10 1 * MON *)", null, "Invalid schedule expression.");
		assertInvalid(null, "cron(0 10 * * * *)", null, "Invalid schedule expression.");
		assertInvalid(null, "cron(0 24 * * ? *)", null, "Invalid schedule expression.");
		assertInvalid(null, "rate(1 week)", null, "Invalid schedule expression.");
		assertInvalid(null, null, "2h", "You must specify either a rotation frequency or a schedule expression.");
		assertThatExceptionOfType(EmulatorServiceException.class)
			.isThrownBy(() -> schedule(null, "cron(0 */2 * * ? *)", null));
	}

	private static Object next(Long days, String expression, String duration) {
		Instant next = schedule(days, expression, duration).nextRotationDate(LAST_ROTATION);
		return (next != null) ? next.toString() : null;
	}

	private static RotationSchedule schedule(Long days, String expression, String duration) {
		return RotationSchedule.of(new StoredSecret.RotationRules(days, duration, expression));
	}

	private static void assertInvalid(Long days, String expression, String duration, String message) {
		assertThatExceptionOfType(EmulatorServiceException.class).isThrownBy(() -> schedule(days, expression, duration))
			.withMessage(message)
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo("InvalidParameterException"));
	}

}
