package io.pgsafety.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database made for one test, on the server {@link PostgresExtension} chose (or, for a
 * {@link TemplateSeed}, the template database the tests' databases are copied from).
 */
public final class TestDatabase {

    private final PostgresServer server;
    private final String name;
    private final int serverMajorVersion;
    private final long logStart;
    private final boolean ownDatabase;

    TestDatabase(PostgresServer server, String name, int serverMajorVersion, long logStart, boolean ownDatabase) {
        this.server = server;
        this.name = name;
        this.serverMajorVersion = serverMajorVersion;
        this.logStart = logStart;
        this.ownDatabase = ownDatabase;
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /** A new connection (autocommit on); the caller closes it. */
    public Connection open() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), password());
    }

    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl());
        dataSource.setUser(user());
        dataSource.setPassword(password());
        return dataSource;
    }

    /** The server's major version, from {@code server_version_num}: 16 for 16.4. */
    public int serverMajorVersion() {
        return serverMajorVersion;
    }

    /** What the server logged since this database was created (empty for an external server). */
    public String serverLog() {
        return server.log().since(logStart);
    }

    /** Where the server came from, for messages. */
    public String serverDescription() {
        return server.description();
    }

    PostgresServer server() {
        return server;
    }

    /** False when the login may not create databases and the tests share the one of the URL. */
    boolean ownDatabase() {
        return ownDatabase;
    }

    @Override
    public String toString() {
        return name + " on " + server.description();
    }
}
