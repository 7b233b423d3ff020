package io.github.secretsspringboot.test.postgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.github.secretsspringboot.test.rotation.DatabaseSecret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server for tests, run from the zonky embedded binaries on 127.0.0.1, that
 * checks passwords as a real server does. The embedded server trusts every connection out
 * of the box, which would let a test pass with a password a rotation has already
 * replaced; this one gives the {@code postgres} superuser a random password, requires
 * SCRAM-SHA-256 for every connection, the administrator's included, and checks on start
 * that a wrong password is refused.
 *
 * <pre>{@code
 * try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start()) {
 *     postgres.createDatabaseWithOwner("orders", "orders_app", "s3cret-Pa55word");
 *     String secret = postgres.rdsSecret("orders", "orders_app", "s3cret-Pa55word");
 * }
 * }</pre> Starting takes a second or two; one server per test class is the intended use.
 * {@link #stop()} and {@link #startAgain()} take the server down and bring it back, with
 * its data, port and passwords, as a database restart or outage does.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	/** The only address the server listens on. */
	public static final String HOST = "127.0.0.1";

	private static final String ADMIN_USERNAME = "postgres";

	/** The SQLState of a rejected password. */
	private static final String INVALID_PASSWORD = "28P01";

	private static final String PASSWORD_AUTHENTICATION = """
			# Every connection must prove its password, as on a production server.
			# TYPE  DATABASE  USER  ADDRESS       METHOD
			local   all       all                 scram-sha-256
			host    all       all   127.0.0.1/32  scram-sha-256
			host    all       all   ::1/128       scram-sha-256
			""";

	private static final Duration ENFORCEMENT_TIMEOUT = Duration.ofSeconds(10);

	private static final SecureRandom random = new SecureRandom();

	/** The running server, {@code null} while stopped. */
	private volatile EmbeddedPostgres postgres;

	private final File dataDirectory;

	private final int port;

	private final String adminPassword;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, File dataDirectory, String adminPassword) {
		this.postgres = postgres;
		this.dataDirectory = dataDirectory;
		this.port = postgres.getPort();
		this.adminPassword = adminPassword;
	}

	/**
	 * Starts a server on a free port with password authentication enforced.
	 * @throws IllegalStateException if the server does not start or does not refuse a
	 * wrong password
	 */
	public static EmbeddedPostgresServer start() {
		AtomicReference<File> dataDirectory = new AtomicReference<>();
		EmbeddedPostgres postgres;
		try {
			postgres = builder().setDataDirectoryCustomizer(dataDirectory::set).start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start embedded PostgreSQL", ex);
		}
		EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dataDirectory.get(), newPassword());
		try {
			server.enforcePasswords(dataDirectory.get());
			return server;
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
	}

	private static EmbeddedPostgres.Builder builder() {
		return EmbeddedPostgres.builder()
			.setServerConfig("listen_addresses", HOST)
			.setServerConfig("password_encryption", "scram-sha-256")
			// Kept while the server is stopped, so that it can start again; deleted on
			// close.
			.setCleanDataDirectory(false);
	}

	/**
	 * Stops the server, as an outage or the first half of a restart does: its sessions
	 * end and no connection can be opened until {@link #startAgain()}. Does nothing if
	 * stopped.
	 */
	public synchronized void stop() {
		EmbeddedPostgres running = this.postgres;
		if (running == null) {
			return;
		}
		this.postgres = null;
		try {
			running.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not stop embedded PostgreSQL", ex);
		}
	}

	/**
	 * Starts the server again after {@link #stop()}, on the same port, with the same
	 * databases, users and passwords, once it accepts connections. Does nothing if
	 * running.
	 */
	public synchronized void startAgain() {
		if (this.postgres != null) {
			return;
		}
		try {
			this.postgres = builder().setDataDirectory(this.dataDirectory)
				.setPort(this.port)
				// The server checks the password of its own readiness probe too.
				.setConnectConfig("password", this.adminPassword)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start embedded PostgreSQL again", ex);
		}
	}

	/** Whether the server runs: started, and not stopped since. */
	public boolean isRunning() {
		return this.postgres != null;
	}

	/**
	 * Sets the superuser's password while the server still trusts connections, then
	 * replaces {@code pg_hba.conf} and reloads it.
	 */
	private void enforcePasswords(File dataDirectory) {
		try {
			try (Connection connection = this.postgres.getPostgresDatabase().getConnection()) {
				connection.unwrap(PGConnection.class)
					.alterUserPassword(ADMIN_USERNAME, this.adminPassword.toCharArray(), "scram-sha-256");
			}
			Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), PASSWORD_AUTHENTICATION,
					StandardCharsets.UTF_8);
			try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
				statement.execute("SELECT pg_reload_conf()");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not enable password authentication", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write pg_hba.conf", ex);
		}
		awaitWrongPasswordRejected();
	}

	/**
	 * The server applies a reloaded pg_hba.conf shortly after the reload request, so
	 * logging in with a wrong password is retried until it is refused.
	 */
	private void awaitWrongPasswordRejected() {
		long deadline = System.nanoTime() + ENFORCEMENT_TIMEOUT.toNanos();
		PGSimpleDataSource wrong = dataSource("postgres", ADMIN_USERNAME, this.adminPassword + "-wrong");
		while (true) {
			try (Connection connection = wrong.getConnection()) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("PostgreSQL still accepts a wrong password");
				}
			}
			catch (SQLException ex) {
				if (INVALID_PASSWORD.equals(ex.getSQLState())) {
					return;
				}
				throw new IllegalStateException("Unexpected failure checking password authentication", ex);
			}
		}
	}

	public String host() {
		return HOST;
	}

	public int port() {
		return this.port;
	}

	/** The JDBC URL of {@code database}, without credentials. */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
	}

	/** The superuser, {@code postgres}. */
	public String adminUsername() {
		return ADMIN_USERNAME;
	}

	/** The superuser's password, random for each server. */
	public String adminPassword() {
		return this.adminPassword;
	}

	/** The JDBC URL of the {@code postgres} database, where the superuser logs in. */
	public String adminJdbcUrl() {
		return jdbcUrl("postgres");
	}

	/** Connections to the {@code postgres} database as the superuser. */
	public DataSource adminDataSource() {
		return dataSource("postgres", ADMIN_USERNAME, this.adminPassword);
	}

	public Connection adminConnection() throws SQLException {
		return adminDataSource().getConnection();
	}

	/**
	 * Connections to {@code database} with the given credentials, checked by the server.
	 */
	public PGSimpleDataSource dataSource(String database, String username, String password) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setServerNames(new String[] { HOST });
		dataSource.setPortNumbers(new int[] { port() });
		dataSource.setDatabaseName(database);
		dataSource.setUser(username);
		dataSource.setPassword(password);
		dataSource.setConnectTimeout(5);
		return dataSource;
	}

	/** Creates a role that can log in with {@code password}. */
	public void createRole(String role, String password) {
		admin((connection, statement) -> {
			PGConnection postgres = connection.unwrap(PGConnection.class);
			statement.execute("CREATE ROLE " + postgres.escapeIdentifier(role) + " WITH LOGIN");
			postgres.alterUserPassword(role, password.toCharArray(), null);
		});
	}

	/**
	 * Creates a role that can log in with {@code password} and a database it owns, the
	 * usual shape of an application's database.
	 */
	public void createDatabaseWithOwner(String database, String owner, String password) {
		createRole(owner, password);
		admin((connection, statement) -> {
			PGConnection postgres = connection.unwrap(PGConnection.class);
			statement.execute("CREATE DATABASE " + postgres.escapeIdentifier(database) + " OWNER "
					+ postgres.escapeIdentifier(owner));
		});
	}

	/**
	 * The {@code SecretString} of a secret with these credentials, in the JSON structure
	 * Secrets Manager documents for Amazon RDS PostgreSQL and its rotation functions
	 * read.
	 */
	public String rdsSecret(String database, String username, String password) {
		return databaseSecret(database, username, password).toJson();
	}

	/**
	 * As {@link #rdsSecret(String, String, String)}, naming the master secret for
	 * alternating users.
	 */
	public String rdsSecret(String database, String username, String password, String masterArn) {
		return databaseSecret(database, username, password).withMasterArn(masterArn).toJson();
	}

	/** The superuser's credentials as an RDS secret, to store as the master secret. */
	public String adminRdsSecret() {
		return rdsSecret("postgres", ADMIN_USERNAME, this.adminPassword);
	}

	private DatabaseSecret databaseSecret(String database, String username, String password) {
		return DatabaseSecret.of("postgres", HOST, port(), database, username, password);
	}

	private void admin(AdminWork work) {
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
			work.run(connection, statement);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL administration failed: " + ex.getSQLState(), ex);
		}
	}

	@Override
	public synchronized void close() {
		stop();
		deleteDataDirectory();
	}

	private void deleteDataDirectory() {
		if (this.dataDirectory == null || !this.dataDirectory.exists()) {
			return;
		}
		try (Stream<Path> files = Files.walk(this.dataDirectory.toPath())) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete the data directory of embedded PostgreSQL", ex);
		}
	}

	@Override
	public String toString() {
		return "EmbeddedPostgresServer[" + HOST + ":" + port() + "]";
	}

	private static String newPassword() {
		byte[] bytes = new byte[24];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	@FunctionalInterface
	private interface AdminWork {

		void run(Connection connection, Statement statement) throws SQLException;

	}

}
