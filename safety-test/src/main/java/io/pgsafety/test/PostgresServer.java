package io.pgsafety.test;

/** A running server that test databases are created on; closed when the JVM exits. */
interface PostgresServer extends AutoCloseable {

    /** The JDBC URL of {@code database} on this server. */
    String jdbcUrl(String database);

    /** The database to connect to for creating and dropping the test databases. */
    String adminDatabase();

    String user();

    String password();

    ServerLog log();

    /** How this server was provided, for messages: {@code embedded PostgreSQL 16 (port 41234)}. */
    String description();

    @Override
    void close();
}
