package io.github.secretsspringboot.test.emulator;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The meaning of a secret's {@code RotationRules}: when the next rotation window opens
 * and closes. Checks the rules as RotateSecret does ("Schedule expressions in Secrets
 * Manager rotation" in the User Guide): {@code AutomaticallyAfterDays} or a
 * {@code rate()} or {@code cron()} expression, not both; windows open on the hour, at
 * most every four hours, and never run into the next UTC day or the next window.
 */
final class RotationSchedule {

	private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (hour|hours|day|days)\\)");

	private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");

	private static final Pattern DURATION = Pattern.compile("(\\d+)h");

	private static final String[] MONTHS = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
			"NOV", "DEC" };

	private static final String[] WEEKDAYS = { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" };

	/** A cron schedule may name a year at most this far ahead; Feb 29 needs four. */
	private static final int SEARCH_DAYS = 5 * 366;

	private final Kind kind;

	private final int interval;

	private final Duration window;

	private final Cron cron;

	private RotationSchedule(Kind kind, int interval, Duration window, Cron cron) {
		this.kind = kind;
		this.interval = interval;
		this.window = window;
		this.cron = cron;
	}

	/**
	 * The schedule of {@code rules}, or an {@code InvalidParameterException} that says
	 * what is wrong.
	 */
	static RotationSchedule of(StoredSecret.RotationRules rules) {
		Duration duration = (rules.duration() != null) ? duration(rules.duration()) : null;
		if (rules.automaticallyAfterDays() != null) {
			if (rules.scheduleExpression() != null) {
				throw invalid("You cannot specify both rotation frequency and schedule expression together.");
			}
			return days(rules.automaticallyAfterDays().intValue(), duration);
		}
		if (rules.scheduleExpression() == null) {
			throw invalid("You must specify either a rotation frequency or a schedule expression.");
		}
		String expression = rules.scheduleExpression().trim();
		Matcher rate = RATE.matcher(expression);
		if (rate.matches()) {
			int value = parseInt(rate.group(1));
			if (rate.group(2).startsWith("hour")) {
				return hours(value, duration);
			}
			if (value < 1 || value > 1000) {
				throw invalid("Rate in day should be greater than 0 and less than 1000.");
			}
			return days(value, duration);
		}
		Matcher cron = CRON.matcher(expression);
		if (cron.matches()) {
			return cron(Cron.parse(cron.group(1)), duration);
		}
		throw invalidExpression();
	}

	/**
	 * The date DescribeSecret reports as {@code NextRotationDate} after a rotation (or a
	 * manual change of the value) at {@code last}: the end of the next rotation window,
	 * as the next rotation happens "on or before" it. {@code null} for a cron schedule
	 * that never fires.
	 */
	Instant nextRotationDate(Instant last) {
		Instant windowStart = nextWindowStart(last);
		return (windowStart != null) ? windowStart.plus(this.window).minusSeconds(1) : null;
	}

	private Instant nextWindowStart(Instant last) {
		return switch (this.kind) {
			case DAYS -> last.truncatedTo(ChronoUnit.DAYS).plus(this.interval, ChronoUnit.DAYS);
			case HOURS -> last.truncatedTo(ChronoUnit.HOURS).plus(this.interval, ChronoUnit.HOURS);
			case CRON -> this.cron.next(LocalDateTime.ofInstant(last, ZoneOffset.UTC));
		};
	}

	private static RotationSchedule days(int days, Duration duration) {
		// Day schedules open their window at midnight; by default it closes at the end of
		// the day.
		return new RotationSchedule(Kind.DAYS, days, (duration != null) ? duration : Duration.ofDays(1), null);
	}

	private static RotationSchedule hours(int hours, Duration duration) {
		if (hours < 4 || hours >= 24) {
			throw invalid("Rate in hour should be least 4 and less than 24.");
		}
		if (duration != null && duration.toHours() > hours) {
			throw invalid("Duration cannot be greater than Rate in hour.");
		}
		return new RotationSchedule(Kind.HOURS, hours, (duration != null) ? duration : Duration.ofHours(1), null);
	}

	private static RotationSchedule cron(Cron cron, Duration duration) {
		if (duration != null) {
			if (cron.lastHour() + duration.toHours() > 24) {
				throw invalid("Starting hour and duration must be within a day.");
			}
			if (duration.toHours() > cron.smallestGap()) {
				throw invalid("Duration cannot be greater than the interval between rotation windows.");
			}
		}
		// Without a Duration, an hourly schedule's window lasts an hour and a daily one's
		// to the end of the day.
		Duration window = (duration != null) ? duration
				: (cron.hours().cardinality() > 1) ? Duration.ofHours(1) : Duration.ofHours(24 - cron.lastHour());
		return new RotationSchedule(Kind.CRON, 0, window, cron);
	}

	private static Duration duration(String duration) {
		Matcher matcher = DURATION.matcher(duration);
		int hours = matcher.matches() ? parseInt(matcher.group(1)) : -1;
		if (hours < 1 || hours > 24) {
			throw invalid("Duration must be at least 1 hour, at most 24 hour.");
		}
		return Duration.ofHours(hours);
	}

	private static int parseInt(String digits) {
		try {
			return Integer.parseInt(digits);
		}
		catch (NumberFormatException ex) {
			return Integer.MAX_VALUE;
		}
	}

	private static EmulatorServiceException invalid(String message) {
		return SecretsManagerErrors.invalidParameter(message);
	}

	private static EmulatorServiceException invalidExpression() {
		return invalid("Invalid schedule expression.");
	}

	private enum Kind {

		DAYS, HOURS, CRON

	}

	/**
	 * {@code cron(Minutes Hours Day-of-month Month Day-of-week Year)} as Secrets Manager
	 * accepts it: minutes {@code 0}, year {@code *}, and exactly one of the two day
	 * fields {@code ?}.
	 */
	private record Cron(BitSet hours, Predicate<LocalDate> days) {

		static Cron parse(String body) {
			String[] fields = body.trim().split("\\s+");
			if (fields.length != 6 || !"0".equals(fields[0]) || !"*".equals(fields[5])) {
				throw invalidExpression();
			}
			BitSet hours = values(fields[1], 0, 23, null);
			BitSet months = values(fields[3], 1, 12, MONTHS);
			Predicate<LocalDate> day = day(fields[2], fields[4]);
			Cron cron = new Cron(hours, (date) -> months.get(date.getMonthValue()) && day.test(date));
			if (cron.smallestGap() < 4) {
				throw invalid("Rotation windows must be at least four hours apart.");
			}
			return cron;
		}

		LocalDateTime nextAfter(LocalDateTime after) {
			LocalDate date = after.toLocalDate();
			for (int i = 0; i <= SEARCH_DAYS; i++, date = date.plusDays(1)) {
				if (this.days.test(date)) {
					for (int hour = this.hours.nextSetBit(0); hour >= 0; hour = this.hours.nextSetBit(hour + 1)) {
						LocalDateTime start = date.atTime(hour, 0);
						if (start.isAfter(after)) {
							return start;
						}
					}
				}
			}
			return null;
		}

		Instant next(LocalDateTime after) {
			LocalDateTime start = nextAfter(after);
			return (start != null) ? start.toInstant(ZoneOffset.UTC) : null;
		}

		int lastHour() {
			return this.hours.previousSetBit(23);
		}

		/**
		 * The fewest hours between two windows of the same day (24 for one window a day).
		 */
		int smallestGap() {
			int gap = 24;
			for (int hour = this.hours.nextSetBit(0), next; hour >= 0; hour = next) {
				next = this.hours.nextSetBit(hour + 1);
				if (next >= 0) {
					gap = Math.min(gap, next - hour);
				}
			}
			return gap;
		}

		/**
		 * One day field restricts the days and the other is {@code ?}. The User Guide's
		 * own examples also pair a restricted field with {@code *}, so that is accepted
		 * too.
		 */
		private static Predicate<LocalDate> day(String dayOfMonth, String dayOfWeek) {
			boolean noDayOfMonth = "?".equals(dayOfMonth) || ("*".equals(dayOfMonth) && !"?".equals(dayOfWeek));
			boolean noDayOfWeek = "?".equals(dayOfWeek) || ("*".equals(dayOfWeek) && !"?".equals(dayOfMonth));
			if (noDayOfMonth == noDayOfWeek) {
				throw invalidExpression();
			}
			return noDayOfMonth ? dayOfWeek(dayOfWeek) : dayOfMonth(dayOfMonth);
		}

		private static Predicate<LocalDate> dayOfMonth(String field) {
			List<Predicate<LocalDate>> matchers = new ArrayList<>();
			for (String item : field.split(",")) {
				if ("L".equals(item)) {
					matchers.add((date) -> date.getDayOfMonth() == date.lengthOfMonth());
				}
				else {
					BitSet days = values(item, 1, 31, null);
					matchers.add((date) -> days.get(date.getDayOfMonth()));
				}
			}
			return anyOf(matchers);
		}

		private static Predicate<LocalDate> dayOfWeek(String field) {
			List<Predicate<LocalDate>> matchers = new ArrayList<>();
			for (String item : field.split(",")) {
				int hash = item.indexOf('#');
				if (hash > 0) {
					DayOfWeek weekday = weekday(single(item.substring(0, hash), 1, 7, WEEKDAYS));
					int nth = single(item.substring(hash + 1), 1, 5, null);
					matchers.add((date) -> date.getDayOfWeek() == weekday && (date.getDayOfMonth() - 1) / 7 + 1 == nth);
				}
				else if (item.endsWith("L")) {
					DayOfWeek weekday = (item.length() == 1) ? DayOfWeek.SATURDAY
							: weekday(single(item.substring(0, item.length() - 1), 1, 7, WEEKDAYS));
					matchers.add((date) -> date.equals(date.with(TemporalAdjusters.lastInMonth(weekday))));
				}
				else {
					BitSet weekdays = values(item, 1, 7, WEEKDAYS);
					matchers.add((date) -> weekdays.get(date.getDayOfWeek().getValue() % 7 + 1));
				}
			}
			return anyOf(matchers);
		}

		/**
		 * {@code *}, {@code a}, {@code a-b}, with an optional {@code /step}, in lists.
		 */
		private static BitSet values(String field, int min, int max, String[] names) {
			BitSet values = new BitSet();
			for (String item : field.split(",")) {
				String[] stepped = item.split("/", -1);
				if (stepped.length > 2) {
					throw invalidExpression();
				}
				int step = (stepped.length == 2) ? single(stepped[1], 1, max, null) : 1;
				int from;
				int to;
				if ("*".equals(stepped[0])) {
					from = min;
					to = max;
				}
				else {
					String[] range = stepped[0].split("-", -1);
					if (range.length > 2) {
						throw invalidExpression();
					}
					from = single(range[0], min, max, names);
					to = (range.length == 2) ? single(range[1], min, max, names) : (stepped.length == 2) ? max : from;
				}
				if (from > to) {
					throw invalidExpression();
				}
				for (int value = from; value <= to; value += step) {
					values.set(value);
				}
			}
			return values;
		}

		private static int single(String text, int min, int max, String[] names) {
			if (names != null) {
				for (int i = 0; i < names.length; i++) {
					if (names[i].equals(text.toUpperCase(Locale.ROOT))) {
						return min + i;
					}
				}
			}
			int value = (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) ? parseInt(text) : -1;
			if (value < min || value > max) {
				throw invalidExpression();
			}
			return value;
		}

		private static DayOfWeek weekday(int awsWeekday) {
			// Secrets Manager counts 1 = Sunday to 7 = Saturday.
			return DayOfWeek.SUNDAY.plus(awsWeekday - 1);
		}

		private static Predicate<LocalDate> anyOf(List<Predicate<LocalDate>> matchers) {
			return (date) -> matchers.stream().anyMatch((matcher) -> matcher.test(date));
		}

	}

}
