package io.github.secretsspringboot.jdbc;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells whether a failure to open a connection means that the database rejected the
 * credentials, as opposed to a network failure, a timeout or anything else. Only a
 * rejected login makes the credentials worth fetching again: a refused connection or a
 * timeout is not a sign of rotation.
 * <p>
 * The cause chain (and each {@link SQLException}'s next exceptions) is walked,
 * null-safely and at most once per exception, for the codes each database uses:
 * <table>
 * <caption>Codes of a rejected login</caption>
 * <tr>
 * <th>Database</th>
 * <th>SQLState</th>
 * <th>Vendor error code</th>
 * </tr>
 * <tr>
 * <td>PostgreSQL, Redshift</td>
 * <td>28P01, 28000</td>
 * <td></td>
 * </tr>
 * <tr>
 * <td>MySQL, MariaDB</td>
 * <td>28000</td>
 * <td>1045</td>
 * </tr>
 * <tr>
 * <td>SQL Server</td>
 * <td></td>
 * <td>18456</td>
 * </tr>
 * <tr>
 * <td>Oracle</td>
 * <td></td>
 * <td>1017, 9911, 17079</td>
 * </tr>
 * <tr>
 * <td>Db2</td>
 * <td></td>
 * <td>-1403</td>
 * </tr>
 * <tr>
 * <td>H2</td>
 * <td>28000</td>
 * <td>28000</td>
 * </tr>
 * <tr>
 * <td>Any other</td>
 * <td>28000, 28P01</td>
 * <td></td>
 * </tr>
 * </table>
 *
 * @author secrets-spring-boot
 */
final class AuthenticationFailures {

	/** Far more than any driver nests; guards against pathological chains. */
	private static final int MAX_DEPTH = 32;

	private AuthenticationFailures() {
	}

	/**
	 * Whether {@code failure}, or an exception it was caused by, says that the database
	 * of kind {@code kind} rejected the credentials.
	 * @param failure what opening a connection threw, or {@code null}
	 * @param kind the database's kind; {@code null} is taken as
	 * {@link DatabaseKind#OTHER}
	 * @return {@code true} for a rejected login only
	 */
	public static boolean isAuthenticationFailure(Throwable failure, DatabaseKind kind) {
		DatabaseKind database = (kind != null) ? kind : DatabaseKind.OTHER;
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		return check(failure, database, seen, 0);
	}

	private static boolean check(Throwable failure, DatabaseKind kind, Set<Throwable> seen, int depth) {
		for (Throwable current = failure; current != null && depth < MAX_DEPTH; current = current.getCause()) {
			if (!seen.add(current)) {
				return false;
			}
			depth++;
			if (current instanceof SQLException sql) {
				if (rejectsLogin(sql, kind)) {
					return true;
				}
				SQLException next = sql.getNextException();
				if (next != null && next != sql.getCause() && check(next, kind, seen, depth)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean rejectsLogin(SQLException failure, DatabaseKind kind) {
		String state = failure.getSQLState();
		int code = failure.getErrorCode();
		return switch (kind) {
			case POSTGRESQL, REDSHIFT -> "28P01".equals(state) || "28000".equals(state);
			case MYSQL, MARIADB -> code == 1045 || "28000".equals(state);
			case SQL_SERVER -> code == 18456;
			case ORACLE -> code == 1017 || code == 9911 || code == 17079;
			case DB2 -> code == -1403;
			case H2 -> code == 28000 || "28000".equals(state);
			case OTHER -> "28000".equals(state) || "28P01".equals(state);
		};
	}

}
