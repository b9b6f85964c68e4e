package io.pgsafety.test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server someone else runs (a CI service, a staging copy), named by a JDBC URL. */
final class ExternalServer implements PostgresServer {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*)/?([^?]*)(\\?.*)?");

    private final String prefix;
    private final String database;
    private final String parameters;
    private final String user;
    private final String password;

    ExternalServer(String jdbcUrl, String user, String password) {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        this.prefix = m.group(1);
        this.database = m.group(2).isEmpty() ? "postgres" : m.group(2);
        this.parameters = m.group(3) == null ? "" : m.group(3);
        this.user = user;
        this.password = password;
    }

    @Override
    public String jdbcUrl(String name) {
        return prefix + "/" + name + parameters;
    }

    @Override
    public String adminDatabase() {
        return database;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public ServerLog log() {
        return ServerLog.NONE;
    }

    @Override
    public String description() {
        return "external server " + prefix + "/" + database;
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}
