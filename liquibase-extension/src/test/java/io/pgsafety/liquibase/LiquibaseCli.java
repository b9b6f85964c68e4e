package io.pgsafety.liquibase;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import liquibase.integration.commandline.LiquibaseCommandLine;

/**
 * Runs the real Liquibase CLI entry point in-process against a fresh database of one embedded
 * PostgreSQL server, with a {@code liquibase.properties} and the extension on the class path.
 */
final class LiquibaseCli implements AutoCloseable {

    /** What one CLI run returned and printed. */
    record Result(int exitCode, String output) {}

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final EmbeddedPostgres postgres;

    private LiquibaseCli(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static LiquibaseCli start() throws IOException {
        return new LiquibaseCli(EmbeddedPostgres.builder().start());
    }

    /** A new, empty database; returns its name. */
    String createDatabase() throws SQLException {
        String name = "lb_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "postgres");
    }

    void execute(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    long queryLong(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows in DATABASECHANGELOG, 0 when Liquibase has not created it. */
    long appliedChangesets(String database) throws SQLException {
        if (queryLong(database, "SELECT count(*) FROM pg_class WHERE relname = 'databasechangelog'") == 0) {
            return 0;
        }
        return queryLong(database, "SELECT count(*) FROM public.databasechangelog");
    }

    /**
     * Writes {@code liquibase.properties} (changelog, connection, and {@code extraProperties}
     * lines) into {@code dir} and runs {@code liquibase <args>} there.
     */
    Result run(Path dir, String database, String changelog, List<String> extraProperties, String... args)
            throws IOException {
        Path properties = dir.resolve("liquibase.properties");
        List<String> lines = new ArrayList<>(List.of(
                "changelog-file: " + changelog,
                "url: " + jdbcUrl(database),
                "username: postgres",
                "password: postgres"));
        lines.addAll(extraProperties);
        Files.write(properties, lines, StandardCharsets.UTF_8);
        List<String> argv = new ArrayList<>(List.of("--defaults-file=" + properties, "--search-path=" + dir));
        argv.addAll(List.of(args));
        return runCommandLine(argv);
    }

    /**
     * Runs {@code liquibase <argv>} (banner and analytics off) against {@code database}, whose
     * connection overrides any in the defaults file.
     */
    Result runOn(String database, List<String> argv) {
        List<String> all = new ArrayList<>(List.of("--url=" + jdbcUrl(database), "--username=postgres",
                "--password=postgres"));
        all.addAll(argv);
        return runCommandLine(all);
    }

    private Result runCommandLine(List<String> arguments) {
        List<String> argv = new ArrayList<>(List.of("--show-banner=false", "--analytics-enabled=false"));
        argv.addAll(arguments);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        int code;
        try {
            code = new LiquibaseCommandLine().execute(argv.toArray(String[]::new));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        out.println("---- liquibase " + String.join(" ", arguments) + " -> " + code + "\n" + output);
        return new Result(code, output);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
