package io.pgsafety.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates each test's database as a copy of a template database (a file copy on the server, much
 * faster than building a database up) and drops it after the test. The template is an empty
 * database shared by every run on the server, or one seeded for this run.
 */
final class TestDatabases {

    static final String TEMPLATE = "safety_template";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String UNIQUE_VIOLATION = "23505";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Set<PostgresServer> WITH_TEMPLATE = ConcurrentHashMap.newKeySet();

    private TestDatabases() {}

    /**
     * A fresh copy of {@code template}, or of the empty shared template when it is null. A login
     * that may not create databases gets the database of the server's URL instead, shared by all tests.
     */
    static TestDatabase create(PostgresServer server, String template) throws SQLException {
        try (Connection admin = connect(server, server.adminDatabase())) {
            int major = majorVersion(admin);
            long logStart = server.log().position();
            String name = "safety_t_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
            try {
                if (template == null) {
                    ensureTemplate(server, admin);
                }
                execute(admin, "CREATE DATABASE " + name + " TEMPLATE " + (template == null ? TEMPLATE : template));
                return new TestDatabase(server, name, major, logStart, true);
            } catch (SQLException e) {
                if (!INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                    throw e;
                }
                return new TestDatabase(server, server.adminDatabase(), major, logStart, false);
            }
        }
    }

    /**
     * Makes a template database and fills it by {@code seed}; returns its name, to pass to
     * {@link #create}. Without the right to create databases the seeding fills the shared database
     * of the server's URL, and the result is null. A failing seeding leaves nothing behind.
     */
    static String createSeeded(PostgresServer server, TemplateSeed seed) throws Exception {
        TestDatabase template = create(server, null);
        try {
            seed.seed(template);
        } catch (Exception e) {
            drop(template);
            throw e;
        }
        if (!template.ownDatabase()) {
            return null;
        }
        terminateSessions(server, template.name());
        return template.name();
    }

    static void drop(TestDatabase database) throws SQLException {
        if (database.ownDatabase()) {
            dropDatabase(database.server(), database.name());
        }
    }

    static void dropDatabase(PostgresServer server, String name) throws SQLException {
        terminateSessions(server, name);
        try (Connection admin = connect(server, server.adminDatabase())) {
            execute(admin, "DROP DATABASE IF EXISTS " + name);
        }
    }

    /** A database with sessions cannot be copied or dropped; a seed or a test may have left one open. */
    private static void terminateSessions(PostgresServer server, String name) throws SQLException {
        try (Connection admin = connect(server, server.adminDatabase());
             PreparedStatement kill = admin.prepareStatement(
                     "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            kill.setString(1, name);
            kill.executeQuery().close();
        }
    }

    private static void ensureTemplate(PostgresServer server, Connection admin) throws SQLException {
        if (WITH_TEMPLATE.contains(server)) {
            return;
        }
        try {
            execute(admin, "CREATE DATABASE " + TEMPLATE);
        } catch (SQLException e) {
            // Made by an earlier run or a parallel JVM on the same server.
            if (!DUPLICATE_DATABASE.equals(e.getSQLState()) && !UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
        WITH_TEMPLATE.add(server);
    }

    static int majorVersion(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection connect(PostgresServer server, String database) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(database), server.user(), server.password());
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }
}
