package io.pgsafety.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's first command: a shop's database on an embedded PostgreSQL server, and a release
 * whose first draft pg-safety blocks and whose fixed version it applies, once through Flyway and
 * once through Liquibase, with pg-safety added to each the way users add it.
 */
public final class Demo {

    static final int CUSTOMERS = 1_000;
    static final int ORDERS = 5_000;

    private Demo() {}

    public static void main(String[] args) throws Exception {
        try {
            run(System.out);
        } catch (DemoFailure e) {
            System.err.println("The demo failed: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(PrintStream out) throws IOException, SQLException {
        Console console = new Console(out);
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
            console.title("pg-safety demo: PostgreSQL " + serverVersion(server) + " (embedded), Flyway " + Versions.flyway() + ", Liquibase " + Versions.liquibase() + "\n\n"
                    + "A shop's database: customers (" + String.format("%,d", CUSTOMERS) + " rows) and orders ("
                    + String.format("%,d", ORDERS) + " rows), created by its first migration.\n"
                    + "The next release adds an order status and an index to find a customer's orders.");
            FlywayDemo.run(server, console);
            LiquibaseDemo.run(server, console);
            console.section("Where to look next");
            console.say("docs/README.md                          add pg-safety to your Flyway, Liquibase or Spring Boot project;");
            console.say("                                        every setting, every rule, the runtime guard");
            console.say("examples/demo/src/main/resources/db/    this demo's migrations and changelogs");
            console.say("README.md                               lint in CI without a database, and the test kit");
        }
    }

    private static String serverVersion(EmbeddedPostgres server) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * What PostgreSQL saw while the fixed release ran: the {@code lock_timeout} of each DDL
     * statement, and the index the concurrent build left.
     */
    static void showWhatTheServerSaw(Console console, ShopDatabase db, String index) throws SQLException {
        console.say("What PostgreSQL saw (an event trigger notes each DDL statement as it starts):");
        for (ShopDatabase.Ddl ddl : db.takeRecordedDdl()) {
            console.say(String.format("  lock_timeout %-4s  %s", ddl.lockTimeout(), ddl.statement().replaceAll("\\s+", " ")));
        }
        console.say(index + ": " + db.indexState(index)
                + ", built outside a transaction, the only way PostgreSQL runs CONCURRENTLY.");
    }

    static List<String> resourceLines(String resource) {
        try (InputStream in = Demo.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new DemoFailure("resource " + resource + " is missing from the demo jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of a Liquibase XML changelog: its changesets and comments, without the header and includes. */
    static List<String> changeSets(String changelog) {
        List<String> lines = resourceLines(changelog);
        int start = 0;
        while (!lines.get(start).contains("<databaseChangeLog")) {
            start++;
        }
        while (!lines.get(start).endsWith(">")) {
            start++;
        }
        List<String> body = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.contains("</databaseChangeLog>")) {
                break;
            }
            if (!line.contains("<include ") && !(body.isEmpty() && line.isBlank())) {
                body.add(line.startsWith("  ") ? line.substring(2) : line);
            }
        }
        return body;
    }
}
